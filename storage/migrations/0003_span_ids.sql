-- Version 3: span ids are never given twice. A span's id is its identity
-- in the action log: redo re-creates an undone span with its logged id,
-- and the desk holds ids across calls. As a plain INTEGER PRIMARY KEY,
-- spans.id was SQLite's rowid, which reuses the highest id once its row
-- is gone: a span added anywhere after an undo took the undone span's id,
-- and redoing the undone add failed (UNIQUE constraint failed: spans.id).
-- AUTOINCREMENT keeps the highest id ever given in sqlite_sequence.
--
-- SQLite cannot add AUTOINCREMENT to a table, so spans is rebuilt (the
-- steps of https://sqlite.org/lang_altertable.html#otheralter): every row
-- keeps its id, the constraints and the UNIQUE index come back as
-- declared; no table refers to spans, so no foreign key moves.
CREATE TABLE spans_v3 (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	doc       INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	annotator INTEGER NOT NULL REFERENCES annotators(id),
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	label     TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
	origin    TEXT NOT NULL CHECK (origin IN ('manual', 'suggestion', 'suggestion-edited')),
	CHECK (0 <= start AND start < end),
	UNIQUE (doc, annotator, start, end, label)
);
INSERT INTO spans_v3 (id, doc, annotator, start, end, label, origin)
	SELECT id, doc, annotator, start, end, label, origin FROM spans ORDER BY id;
DROP TABLE spans;
ALTER TABLE spans_v3 RENAME TO spans;

-- The next id is above every id the project ever gave: those of the
-- spans and those the log still names (an undone add, a deleted span).
DELETE FROM sqlite_sequence WHERE name = 'spans';
INSERT INTO sqlite_sequence (name, seq) SELECT 'spans', COALESCE(MAX(id), 0) FROM (
	SELECT MAX(id) AS id FROM spans
	UNION ALL SELECT MAX(CAST(json_extract(before, '$.id') AS INTEGER)) FROM actions
	UNION ALL SELECT MAX(CAST(json_extract(after, '$.id') AS INTEGER)) FROM actions
);
