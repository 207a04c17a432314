-- Call records written when a call starts and updated as it goes (issue 9), PostgreSQL dialect. Keep in step with
-- db/migration/sqlite/V4__call_records_in_progress.sql.
-- One row per call: linked_id becomes unique (the switch upserts by it). end_time becomes nullable: null while a call
-- is in progress (disposition 'in progress'), and for a call interrupted by a crash (disposition 'interrupted').
-- Should an older database hold a linked id twice, its newest row is kept.

DELETE FROM call_record WHERE id NOT IN (SELECT max(id) FROM call_record GROUP BY linked_id);
ALTER TABLE call_record ALTER COLUMN end_time DROP NOT NULL;
CREATE UNIQUE INDEX call_record_linked_id ON call_record (linked_id);
-- the records left in progress, found at start without reading the whole table
CREATE INDEX call_record_in_progress ON call_record (disposition) WHERE disposition = 'in progress';
