-- Version 4: suggestion ids are never given twice. Suggesting again
-- replaces a document's suggestions; as a plain INTEGER PRIMARY KEY the
-- new ones could take the ids of the ones just deleted, so a desk (or a
-- script) still holding an old id accepted or rejected a different
-- suggestion instead of hearing that it is gone (ENOTFOUND). Rebuilt as
-- 0003 rebuilt spans: every row keeps its id; decisions are keyed by what
-- was suggested, not by id, so no table refers to suggestions.
CREATE TABLE suggestions_v4 (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	doc    INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	start  INTEGER NOT NULL,
	end    INTEGER NOT NULL,
	label  TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
	source TEXT NOT NULL,
	score  REAL NOT NULL,
	CHECK (0 <= start AND start < end),
	UNIQUE (doc, start, end, label)
);
INSERT INTO suggestions_v4 (id, doc, start, end, label, source, score)
	SELECT id, doc, start, end, label, source, score FROM suggestions ORDER BY id;
DROP TABLE suggestions;
ALTER TABLE suggestions_v4 RENAME TO suggestions;
DELETE FROM sqlite_sequence WHERE name = 'suggestions';
INSERT INTO sqlite_sequence (name, seq) SELECT 'suggestions', COALESCE(MAX(id), 0) FROM suggestions;
