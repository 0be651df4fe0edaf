-- Version 2: learned models kept in the project, one row per model name.
CREATE TABLE models (
	name       TEXT COLLATE "C" PRIMARY KEY,
	data       BYTEA NOT NULL,
	examples   INTEGER NOT NULL DEFAULT 0,
	f1         DOUBLE PRECISION,
	updated_at TEXT COLLATE "C" NOT NULL
);
