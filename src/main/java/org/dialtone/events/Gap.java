package org.dialtone.events;

/**
 * A resuming subscriber asked for events after {@code lastEventId}, but some of them are no longer buffered (too old,
 * or the id is from before a restart). It gets every buffered event, starting at {@code firstBufferedId} (0 when the
 * buffer is empty), after this notice. {@code latestId} is the newest id assigned for the customer.
 */
public record Gap(long lastEventId, long firstBufferedId, long latestId) {}
