-- Call records written when a call starts and updated as it goes (issue 9), SQLite dialect. Keep in step with
-- db/migration/postgresql/V4__call_records_in_progress.sql.
-- One row per call: linked_id becomes unique (the switch upserts by it). end_time becomes nullable: null while a call
-- is in progress (disposition 'in progress'), and for a call interrupted by a crash (disposition 'interrupted').
-- SQLite cannot drop a NOT NULL constraint, so the table is rebuilt; should an older database hold a linked id twice,
-- its newest row is kept.

CREATE TABLE call_record_v3 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    linked_id      TEXT    NOT NULL,
    customer_code  TEXT    NOT NULL,
    from_number    TEXT    NOT NULL,
    to_number      TEXT    NOT NULL,
    start_time     INTEGER NOT NULL,
    answer_time    INTEGER,
    end_time       INTEGER,
    disposition    TEXT    NOT NULL,
    direction      TEXT    NOT NULL DEFAULT 'internal' CHECK (direction IN ('internal', 'inbound', 'outbound')),
    outside_number TEXT,
    trunk          TEXT
) STRICT;

INSERT INTO call_record_v3 (id, linked_id, customer_code, from_number, to_number, start_time, answer_time, end_time,
                            disposition, direction, outside_number, trunk)
SELECT id, linked_id, customer_code, from_number, to_number, start_time, answer_time, end_time,
       disposition, direction, outside_number, trunk
FROM call_record WHERE id IN (SELECT max(id) FROM call_record GROUP BY linked_id);

DROP TABLE call_record;
ALTER TABLE call_record_v3 RENAME TO call_record;

CREATE INDEX call_record_customer_start ON call_record (customer_code, start_time DESC);
CREATE UNIQUE INDEX call_record_linked_id ON call_record (linked_id);
-- the records left in progress, found at start without reading the whole table
CREATE INDEX call_record_in_progress ON call_record (disposition) WHERE disposition = 'in progress';
