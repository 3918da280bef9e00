-- Beyond the guide: every row carries a version (for ETag / If-Match, so no update is lost) and
-- is deleted logically (deleted_at, UTC as ISO-8601 text), as the guide's chapter 5 recommends.
ALTER TABLE team ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE team ADD COLUMN deleted_at TEXT;
ALTER TABLE hero ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE hero ADD COLUMN deleted_at TEXT;
