package org.dialtone.core.call;

import java.util.List;

/** Durable call records (the core writes them behind, on a thread of their own: see {@link CallService}). */
public interface CallRecordRepository {
    /**
     * Stores every record, all or nothing. A record replaces the stored one of its linked id while that one is still
     * {@link CallRecord#IN_PROGRESS}; a record of an ended call is never replaced, so storing one twice is harmless.
     */
    void save(List<CallRecord> records);

    /**
     * Closes every record still in progress as {@link CallRecord#INTERRUPTED}: run at start, before this run stores
     * anything, these are the calls of an earlier run that stopped without ending them. Returns how many.
     */
    int closeInterrupted();

    /** The newest {@code limit} records of a customer, newest first. */
    List<CallRecord> recent(String customerCode, int limit);

    /** One page of a customer's call history (see {@link CallHistoryQuery}). */
    CallHistoryQuery.Page history(CallHistoryQuery query);
}
