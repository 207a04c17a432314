package org.dialtone.core.admin;

import org.dialtone.core.customer.ManagedBy;

/** An item as the management API shows it: the item and who owns it. */
public record Owned<T>(T item, ManagedBy managedBy) {}
