package org.dialtone.core.call;

import java.util.List;

public interface CallRecordRepository {
    void insert(CallRecord record);
    List<CallRecord> recent(String customerCode, int limit);
}
