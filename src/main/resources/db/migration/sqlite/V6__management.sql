-- Management API (issue 10), SQLite dialect. Keep in step with db/migration/postgresql/V6__management.sql.
-- managed_by says who owns a row: 'config' (declared in the YAML; the start-up sync owns it and the API refuses to
-- change it) or 'api' (created through the management API; the start-up sync never touches it). Rows that exist
-- before this migration came from the configuration.

ALTER TABLE customer ADD COLUMN managed_by TEXT NOT NULL DEFAULT 'config' CHECK (managed_by IN ('config', 'api'));
ALTER TABLE extension ADD COLUMN managed_by TEXT NOT NULL DEFAULT 'config' CHECK (managed_by IN ('config', 'api'));
ALTER TABLE api_token ADD COLUMN managed_by TEXT NOT NULL DEFAULT 'config' CHECK (managed_by IN ('config', 'api'));
ALTER TABLE did ADD COLUMN managed_by TEXT NOT NULL DEFAULT 'config' CHECK (managed_by IN ('config', 'api'));
ALTER TABLE ring_group ADD COLUMN managed_by TEXT NOT NULL DEFAULT 'config' CHECK (managed_by IN ('config', 'api'));

-- Every change made through the management API: who (the admin token's label), what (action and object), when
-- (epoch milliseconds, UTC). Never a secret: no password, token or hash is written here.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT    NOT NULL,
    action TEXT    NOT NULL,
    object TEXT    NOT NULL,
    detail TEXT    NOT NULL DEFAULT ''
) STRICT;
