-- Beyond the guide: every row carries a version (for ETag / If-Match, so no update is lost) and
-- is deleted logically (deleted_at), as the guide's chapter 5 recommends for production.
ALTER TABLE team ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE team ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE hero ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE hero ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
