-- Version 5: assignments. The lead hands each document to one or more
-- annotators (the overlap on which agreement is measured); a reviewer's
-- queue is what is assigned to them. Reviewers read them; only leads
-- write them (team init grants them nothing more).
CREATE TABLE assignments (
	doc       BIGINT NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
	annotator BIGINT NOT NULL REFERENCES annotators(id),
	PRIMARY KEY (doc, annotator)
);
CREATE INDEX assignments_by_annotator ON assignments(annotator, doc);
