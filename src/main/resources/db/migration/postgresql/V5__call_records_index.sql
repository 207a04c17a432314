-- Call history paging (issue 10): GET /v1.0/calls pages a customer's calls newest first by (start_time, id), a keyset
-- cursor. The index covers the order and the cursor's position, so each page is read from the index in order rather
-- than sorted. It replaces the (customer_code, start_time) index of V1, which it includes. Same SQL in both dialects.

DROP INDEX call_record_customer_start;
CREATE INDEX call_record_customer_start_id ON call_record (customer_code, start_time DESC, id DESC);
