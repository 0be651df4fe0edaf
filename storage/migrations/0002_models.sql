-- Version 2: learned models kept in the project file (the sequence tagger
-- that trains on confirmed spans), one row per model name.
CREATE TABLE models (
	name       TEXT PRIMARY KEY,
	data       BLOB NOT NULL,
	examples   INTEGER NOT NULL DEFAULT 0,  -- sentences or documents it learned from
	f1         REAL,                        -- its running F1 on documents marked done
	updated_at TEXT NOT NULL
) WITHOUT ROWID;
