-- Trunks, DIDs and ring groups (issue 7), PostgreSQL dialect. Keep in step with db/migration/sqlite/V2__trunks.sql.
-- The configuration is the truth: these tables are rewritten whole at every start (RoutingRepository.replaceAll).
-- A trunk's password is never stored, only whether it has credentials and the username. Durations are whole seconds.

ALTER TABLE call_record ADD COLUMN direction TEXT NOT NULL DEFAULT 'internal'
    CHECK (direction IN ('internal', 'inbound', 'outbound'));
ALTER TABLE call_record ADD COLUMN outside_number TEXT;  -- E.164 of the outside party; null for internal calls
ALTER TABLE call_record ADD COLUMN trunk TEXT;           -- trunk name; null for internal calls

CREATE TABLE trunk (
    name                     TEXT    NOT NULL PRIMARY KEY,
    host                     TEXT    NOT NULL,
    port                     INTEGER NOT NULL,
    transport                TEXT    NOT NULL,
    outbound_proxy           TEXT,
    has_credentials          BOOLEAN NOT NULL,
    username                 TEXT,
    register_enabled         BOOLEAN NOT NULL,
    register_expiry_seconds  INTEGER NOT NULL,
    inbound_networks         TEXT    NOT NULL,  -- CIDRs separated by single spaces; '' for none
    max_channels             INTEGER NOT NULL,
    number_format            TEXT    NOT NULL,
    options_interval_seconds INTEGER NOT NULL,
    country_code             TEXT
);

CREATE TABLE did (
    number        TEXT NOT NULL PRIMARY KEY,  -- E.164 with +
    customer_code TEXT NOT NULL REFERENCES customer (code) ON DELETE CASCADE,
    destination   TEXT NOT NULL               -- extension, ring group or parking spot of that customer
);

CREATE INDEX did_customer ON did (customer_code);

CREATE TABLE ring_group (
    customer_code        TEXT    NOT NULL REFERENCES customer (code) ON DELETE CASCADE,
    number               TEXT    NOT NULL,
    name                 TEXT    NOT NULL,
    ring_timeout_seconds INTEGER,          -- null: the switch's ring timeout
    PRIMARY KEY (customer_code, number)
);

CREATE TABLE ring_group_member (
    customer_code    TEXT    NOT NULL,
    group_number     TEXT    NOT NULL,
    ordinal          INTEGER NOT NULL,  -- 0-based position in the declared member list
    extension_number TEXT    NOT NULL,
    PRIMARY KEY (customer_code, group_number, ordinal),
    UNIQUE (customer_code, group_number, extension_number),
    FOREIGN KEY (customer_code, group_number) REFERENCES ring_group (customer_code, number) ON DELETE CASCADE,
    FOREIGN KEY (customer_code, extension_number) REFERENCES extension (customer_code, number) ON DELETE CASCADE
);
