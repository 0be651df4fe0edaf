-- Version 5: assignments. The lead hands each document to one or more
-- annotators (the overlap on which agreement is measured); a reviewer's
-- queue is what is assigned to them.
CREATE TABLE assignments (
	doc       INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	annotator INTEGER NOT NULL REFERENCES annotators(id),
	PRIMARY KEY (doc, annotator)
) WITHOUT ROWID;
CREATE INDEX assignments_by_annotator ON assignments(annotator, doc);
