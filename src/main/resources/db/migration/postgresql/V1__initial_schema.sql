-- Dialtone schema, PostgreSQL dialect. Keep in step with db/migration/sqlite/V1__initial_schema.sql.
-- Times are epoch milliseconds (UTC). Secrets are stored only as hashes.

CREATE TABLE customer (
    code TEXT NOT NULL PRIMARY KEY CHECK (length(code) = 7),
    name TEXT NOT NULL
);

CREATE TABLE extension (
    customer_code TEXT NOT NULL REFERENCES customer (code) ON DELETE CASCADE,
    number        TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    sip_username  TEXT NOT NULL UNIQUE,
    realm         TEXT NOT NULL,
    ha1_md5       TEXT NOT NULL,
    ha1_sha256    TEXT NOT NULL,
    PRIMARY KEY (customer_code, number)
);

CREATE TABLE api_token (
    token_sha256  TEXT NOT NULL PRIMARY KEY,
    customer_code TEXT NOT NULL REFERENCES customer (code) ON DELETE CASCADE,
    label         TEXT NOT NULL DEFAULT ''
);

CREATE INDEX api_token_customer ON api_token (customer_code);

CREATE TABLE call_record (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    linked_id     TEXT   NOT NULL,
    customer_code TEXT   NOT NULL,
    from_number   TEXT   NOT NULL,
    to_number     TEXT   NOT NULL,
    start_time    BIGINT NOT NULL,
    answer_time   BIGINT,
    end_time      BIGINT NOT NULL,
    disposition   TEXT   NOT NULL
);

CREATE INDEX call_record_customer_start ON call_record (customer_code, start_time DESC);

CREATE TABLE registration (
    sip_username TEXT   NOT NULL,
    contact_uri  TEXT   NOT NULL,
    source       TEXT   NOT NULL,
    transport    TEXT   NOT NULL,
    call_id      TEXT   NOT NULL,
    expires_at   BIGINT NOT NULL,
    user_agent   TEXT,
    PRIMARY KEY (sip_username, contact_uri)
);
