-- Goldspan project schema, version 1.
-- Offsets are Unicode code points, end-exclusive.

CREATE TABLE project (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE labels (
	seq    INTEGER PRIMARY KEY,
	name   TEXT NOT NULL UNIQUE,
	color  TEXT NOT NULL,
	hotkey TEXT NOT NULL DEFAULT ''
);

CREATE TABLE documents (
	seq     INTEGER PRIMARY KEY,        -- import order
	id      TEXT NOT NULL UNIQUE,
	text    TEXT NOT NULL,
	length  INTEGER NOT NULL,           -- code points
	preview TEXT NOT NULL,
	meta    TEXT NOT NULL DEFAULT '{}'
);
-- A narrow index so that paging skips over document ids and seqs rather
-- than over whole texts.
CREATE INDEX documents_by_seq ON documents(seq, length);

CREATE TABLE annotators (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

CREATE TABLE spans (
	id        INTEGER PRIMARY KEY,
	doc       INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	annotator INTEGER NOT NULL REFERENCES annotators(id),
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	label     TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
	origin    TEXT NOT NULL CHECK (origin IN ('manual', 'suggestion', 'suggestion-edited')),
	CHECK (0 <= start AND start < end),
	UNIQUE (doc, annotator, start, end, label)
);

CREATE TABLE statuses (
	annotator  INTEGER NOT NULL REFERENCES annotators(id),
	doc        INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	status     TEXT NOT NULL CHECK (status IN ('todo', 'in-progress', 'done', 'skipped')),
	updated_at TEXT NOT NULL,
	PRIMARY KEY (annotator, doc)
) WITHOUT ROWID;
CREATE INDEX statuses_by_status ON statuses(annotator, status, doc);

CREATE TABLE suggestions (
	id     INTEGER PRIMARY KEY,
	doc    INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	start  INTEGER NOT NULL,
	end    INTEGER NOT NULL,
	label  TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
	source TEXT NOT NULL,
	score  REAL NOT NULL,
	CHECK (0 <= start AND start < end),
	UNIQUE (doc, start, end, label)
);

-- A reviewer's decision on a suggestion, keyed by what was suggested rather
-- than by suggestion id, so that suggesting again keeps earlier decisions.
CREATE TABLE decisions (
	doc       INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	annotator INTEGER NOT NULL REFERENCES annotators(id),
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	label     TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
	decision  TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
	PRIMARY KEY (doc, annotator, start, end, label)
) WITHOUT ROWID;

-- The append-only log of reviewer actions. state: 0 done, 1 undone (can be
-- redone), 2 sealed (superseded by an import or a newer action after undo:
-- neither undone nor redone again). Spans are stored as JSON.
CREATE TABLE actions (
	id            INTEGER PRIMARY KEY,
	annotator     INTEGER NOT NULL REFERENCES annotators(id),
	doc           INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	kind          TEXT NOT NULL,
	before        TEXT,
	after         TEXT,
	suggestion    TEXT,
	status_before TEXT NOT NULL DEFAULT '',
	status_after  TEXT NOT NULL DEFAULT '',
	at            TEXT NOT NULL,
	state         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX actions_by_doc ON actions(doc, annotator, state, id);

-- What reviewers taught the suggester: every stored span is a vote for its
-- surface form and label, every rejected suggestion one against. Kept in
-- step by the same transactions that change spans and decisions.
CREATE TABLE lexicon (
	surface    TEXT NOT NULL,
	label      TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
	votes      INTEGER NOT NULL DEFAULT 0,
	rejections INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (surface, label)
) WITHOUT ROWID;
