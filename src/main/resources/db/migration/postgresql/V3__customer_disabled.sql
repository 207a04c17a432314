-- Revocation (issue 8), PostgreSQL dialect. Keep in step with db/migration/sqlite/V3__customer_disabled.sql.
-- A customer removed from the configuration while it has call records is kept, disabled, so its history keeps its
-- name; its extensions and API tokens are deleted. A disabled customer is left out of every lookup.

ALTER TABLE customer ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
