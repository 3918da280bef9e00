-- Beyond the guide: Idempotency-Key on POST; SQLite flavour of postgresql/V3.
CREATE TABLE idempotency_key (
    route           TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    status_code     INTEGER,
    response_body   TEXT,
    response_etag   TEXT,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    CONSTRAINT pk_idempotency_key PRIMARY KEY (route, idempotency_key)
);
CREATE INDEX ix_idempotency_key_expires_at ON idempotency_key (expires_at);
