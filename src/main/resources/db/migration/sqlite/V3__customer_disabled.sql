-- Revocation (issue 8), SQLite dialect. Keep in step with db/migration/postgresql/V3__customer_disabled.sql.
-- A customer removed from the configuration while it has call records is kept, disabled, so its history keeps its
-- name; its extensions and API tokens are deleted. A disabled customer is left out of every lookup.

ALTER TABLE customer ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
