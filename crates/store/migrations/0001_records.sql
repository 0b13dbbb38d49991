-- Decision records, append-only: a record is the list of its revisions; the
-- newest revision is the record as it stands. Nothing is ever updated or
-- deleted. Large JSON documents (assessments, KB snapshots) are stored once,
-- under a content key, and referenced by the revisions.
--
-- The same SQL runs on SQLite and PostgreSQL: TEXT and BIGINT only, JSON as
-- text, times as RFC 3339 UTC text (which sorts as time).

CREATE TABLE kompas_documents (
    key         TEXT PRIMARY KEY,   -- 'assessment:<sha256 of the JSON>' or 'kb:<KB digest>'
    body        TEXT NOT NULL,      -- the JSON document
    created_at  TEXT NOT NULL
);

CREATE TABLE kompas_revisions (
    record_id          TEXT NOT NULL,
    revision           BIGINT NOT NULL,   -- 1 when saved, one more per change
    recorded_at        TEXT NOT NULL,     -- when the change was made
    actor              TEXT NOT NULL,     -- who made it (JSON)
    change_kind        TEXT NOT NULL,     -- created, proposed, accepted, ...
    change             TEXT NOT NULL,     -- the change (JSON)
    status             TEXT NOT NULL,     -- the record's status after the change
    title              TEXT NOT NULL,
    record_created_at  TEXT NOT NULL,     -- when the record was saved (for lists)
    body               TEXT NOT NULL,     -- the record after the change (JSON, without the assessment)
    assessment_key     TEXT NOT NULL REFERENCES kompas_documents (key),
    kb_key             TEXT REFERENCES kompas_documents (key),
    -- Two writers of the same next revision: the second one fails here. This
    -- is the optimistic concurrency of status changes.
    PRIMARY KEY (record_id, revision)
);

CREATE INDEX kompas_revisions_by_status ON kompas_revisions (status, record_id);
