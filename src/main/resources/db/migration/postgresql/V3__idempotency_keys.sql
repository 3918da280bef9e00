-- Beyond the guide: Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header). A key is
-- claimed by inserting its row; the response is stored with the create, in the same transaction,
-- and replayed to retries until the key expires. Times are epoch milliseconds (UTC).
CREATE TABLE idempotency_key (
    route           VARCHAR NOT NULL,
    idempotency_key VARCHAR NOT NULL,
    request_hash    VARCHAR NOT NULL,
    status_code     INTEGER,
    response_body   VARCHAR,
    response_etag   VARCHAR,
    created_at      BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL,
    CONSTRAINT pk_idempotency_key PRIMARY KEY (route, idempotency_key)
);
CREATE INDEX ix_idempotency_key_expires_at ON idempotency_key (expires_at);
