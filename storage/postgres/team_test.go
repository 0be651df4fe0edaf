package postgres_test

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/pgtest"
	"goldspan/storage/postgres"
)

// team is a project set up for a team: a lead and two reviewers, each a
// role of their own (names unique to the test: roles are the server's).
type team struct {
	url              string // the superuser's
	lead, alice, bob string // role names
	admin            *postgres.DB
	asLead, asA, asB *postgres.DB
}

func asRole(t *testing.T, raw, role string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	return u.String()
}

func newTeam(t *testing.T, layers string) *team {
	t.Helper()
	ctx := context.Background()
	b := make([]byte, 4)
	crand.Read(b)
	sfx := hex.EncodeToString(b)
	tm := &team{url: pgtest.Project(t, pgtest.Database(t), "news"), lead: "lead_" + sfx, alice: "alice_" + sfx, bob: "bob_" + sfx}
	var err error
	if tm.admin, err = postgres.Open(ctx, tm.url, true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.admin.Close() })
	if err := tm.admin.TeamInit(ctx, annotate.TeamOptions{Layers: layers}); err != nil {
		t.Fatal(err)
	}
	if err := tm.admin.AddMember(ctx, tm.lead, true, ""); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{tm.alice, tm.bob} {
		if err := tm.admin.AddMember(ctx, r, false, "secret'"+r); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, r := range []string{tm.lead, tm.alice, tm.bob} {
			tm.admin.SQL().Exec(`DROP OWNED BY "` + r + `"`)
			tm.admin.SQL().Exec(`DROP ROLE "` + r + `"`)
		}
	})
	open := func(role string) *postgres.DB {
		d, err := postgres.Open(ctx, asRole(t, tm.url, role), false)
		if err != nil {
			t.Fatalf("open as %s: %v", role, err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	tm.asLead, tm.asA, tm.asB = open(tm.lead), open(tm.alice), open(tm.bob)
	imp, err := tm.asLead.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Rollback()
	for _, id := range []string{"d1", "d2"} {
		if err := imp.Add(ctx, annotate.Record{Doc: annotate.Document{ID: id, Text: "新华社北京电 习近平在人民大会堂"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	return tm
}

func wantPerm(t *testing.T, what string, err error, mention string) {
	t.Helper()
	if annotate.ErrorCode(err) != annotate.EPERM || !strings.Contains(err.Error(), mention) {
		t.Fatalf("%s: %v (code %s), want EPERM mentioning %q", what, err, annotate.ErrorCode(err), mention)
	}
}

// TestReviewerWritesOnlyTheirOwnLayer connects as a reviewer and tries to
// write another reviewer's layer through the store and through raw SQL of
// every kind: each is refused with an error naming whose layer it was,
// and the other's layer is unchanged.
func TestReviewerWritesOnlyTheirOwnLayer(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t, annotate.LayersAll)
	if who, err := tm.asA.Whoami(ctx); err != nil || who != tm.alice {
		t.Fatalf("whoami = %q, %v", who, err)
	}
	// Her own layer: every action works, undo and redo too.
	s, err := tm.asA.AddSpan(ctx, annotate.Span{DocID: "d1", Annotator: tm.alice, Start: 3, End: 5, Label: "LOC"})
	if err != nil {
		t.Fatalf("alice writes her own layer: %v", err)
	}
	if _, err := tm.asA.Undo(ctx, "d1", tm.alice); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.asA.Redo(ctx, "d1", tm.alice); err != nil {
		t.Fatal(err)
	}
	if err := tm.asA.SetStatus(ctx, "d1", tm.alice, annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	bobSpan, err := tm.asB.AddSpan(ctx, annotate.Span{DocID: "d1", Annotator: tm.bob, Start: 7, End: 10, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}

	// Through the store, as the desk would if it named another annotator.
	_, err = tm.asA.AddSpan(ctx, annotate.Span{DocID: "d1", Annotator: tm.bob, Start: 0, End: 3, Label: "ORG"})
	wantPerm(t, "alice adds a span to bob's layer", err, tm.bob)
	_, err = tm.asA.UpdateSpan(ctx, tm.bob, bobSpan.ID, 7, 10, "ORG")
	wantPerm(t, "alice relabels bob's span", err, tm.bob)
	wantPerm(t, "alice deletes bob's span", tm.asA.DeleteSpan(ctx, tm.bob, bobSpan.ID), tm.bob)
	wantPerm(t, "alice marks bob's document done", tm.asA.SetStatus(ctx, "d2", tm.bob, annotate.StatusDone), tm.bob)
	_, err = tm.asA.AddSpan(ctx, annotate.Span{DocID: "d1", Annotator: "gold", Start: 0, End: 3, Label: "ORG"})
	wantPerm(t, "alice writes the gold layer", err, "")
	wantPerm(t, "alice adds a label", tm.asA.PutLabel(ctx, annotate.Label{Name: "EVT", Color: "#123456"}), "")
	wantPerm(t, "alice renames a label", tm.asA.RenameLabel(ctx, "LOC", "GPE"), "")
	wantPerm(t, "alice changes a setting", tm.asA.SetSetting(ctx, "guidelines", "mine"), "")
	// Assignments are the lead's: a reviewer reads them, never writes them.
	if err := tm.asLead.Assign(ctx, []annotate.Assignment{{DocID: "d1", Annotator: tm.alice}, {DocID: "d2", Annotator: tm.bob}}, false); err != nil {
		t.Fatalf("the lead assigns: %v", err)
	}
	wantPerm(t, "alice assigns herself bob's document", tm.asA.Assign(ctx, []annotate.Assignment{{DocID: "d2", Annotator: tm.alice}}, false), "")
	wantPerm(t, "alice drops the assignments", tm.asA.Assign(ctx, nil, true), "")
	if as, err := tm.asA.Assignments(ctx, tm.alice); err != nil || len(as) != 1 || as[0].DocID != "d1" {
		t.Fatalf("alice reads her assignments: %v, %v", as, err)
	}
	if n, err := tm.asA.CountDocuments(ctx, annotate.DocumentFilter{Annotator: tm.alice, Assigned: true}); err != nil || n != 1 {
		t.Fatalf("alice's assigned documents: %d, %v", n, err)
	}

	// Raw SQL, whatever statement is sent.
	bobID := `(SELECT id FROM annotators WHERE name = '` + tm.bob + `')`
	for _, q := range []string{
		`INSERT INTO spans (doc, annotator, start, "end", label, origin) VALUES (1, ` + bobID + `, 0, 2, 'ORG', 'manual')`,
		`UPDATE spans SET label = 'ORG' WHERE annotator = ` + bobID,
		`UPDATE spans SET annotator = (SELECT id FROM annotators WHERE name = current_user) WHERE annotator = ` + bobID,
		`DELETE FROM spans WHERE annotator = ` + bobID,
		`INSERT INTO statuses (annotator, doc, status, updated_at) VALUES (` + bobID + `, 2, 'done', 'now')`,
		`UPDATE statuses SET status = 'todo' WHERE annotator = ` + bobID,
		`DELETE FROM actions WHERE annotator = ` + bobID,
		`UPDATE actions SET state = 1 WHERE annotator = ` + bobID,
		`INSERT INTO decisions (doc, annotator, start, "end", label, decision) VALUES (1, ` + bobID + `, 0, 2, 'ORG', 'rejected')`,
		`INSERT INTO annotators (name) VALUES ('gold')`,
		`INSERT INTO labels (name, color) VALUES ('EVT', '#123456')`,
		`UPDATE project SET value = 'all' WHERE key = 'team.layers'`,
		`INSERT INTO project (key, value) VALUES ('setting.guidelines', 'x')`,
		`UPDATE project SET key = 'lexicon_version' WHERE key = 'team.layers'`,
		`DELETE FROM project WHERE key = 'team.layers'`,
		`INSERT INTO assignments (doc, annotator) VALUES (2, (SELECT id FROM annotators WHERE name = current_user))`,
		`DELETE FROM assignments`,
		`UPDATE assignments SET annotator = (SELECT id FROM annotators WHERE name = current_user)`,
	} {
		_, err := tm.asA.SQL().ExecContext(ctx, q)
		if err == nil || !(strings.Contains(err.Error(), "may not") || strings.Contains(err.Error(), "row-level security") || strings.Contains(err.Error(), "permission denied")) {
			t.Errorf("as alice: %s\n  = %v, want refused", q, err)
		}
	}
	// Bob's layer is as he left it.
	spans, err := tm.asB.Spans(ctx, "d1", tm.bob)
	if err != nil || len(spans) != 1 || spans[0].Label != "PER" {
		t.Fatalf("bob's spans after alice's attempts: %v, %v", spans, err)
	}
	if acts, err := tm.asB.Actions(ctx, "d1", tm.bob); err != nil || len(acts) != 1 || acts[0].Undone {
		t.Fatalf("bob's actions: %v, %v", acts, err)
	}
	// The lead writes the gold layer and labels.
	if _, err := tm.asLead.AddSpan(ctx, annotate.Span{DocID: "d1", Annotator: "gold", Start: 3, End: 5, Label: "LOC"}); err != nil {
		t.Fatalf("the lead writes gold: %v", err)
	}
	if err := tm.asLead.PutLabel(ctx, annotate.Label{Name: "EVT", Color: "#123456"}); err != nil {
		t.Fatalf("the lead adds a label: %v", err)
	}
	_ = s
}

// TestReviewersSeeWhatTheLeadAllows: with layers "done" a reviewer sees
// another's layer only on documents the other marked done; with "own"
// never; the lead always.
func TestReviewersSeeWhatTheLeadAllows(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t, annotate.LayersDone)
	for _, doc := range []string{"d1", "d2"} {
		if _, err := tm.asB.AddSpan(ctx, annotate.Span{DocID: doc, Annotator: tm.bob, Start: 7, End: 10, Label: "PER"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tm.asB.SetStatus(ctx, "d2", tm.bob, annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	count := func(d *postgres.DB, doc string) int {
		t.Helper()
		s, err := d.Spans(ctx, doc, tm.bob)
		if err != nil {
			t.Fatal(err)
		}
		return len(s)
	}
	if a, b := count(tm.asA, "d1"), count(tm.asA, "d2"); a != 0 || b != 1 {
		t.Fatalf("alice sees %d of bob's spans on d1 (in progress) and %d on d2 (done), want 0 and 1", a, b)
	}
	if n := count(tm.asLead, "d1"); n != 1 {
		t.Fatalf("the lead sees %d of bob's spans on d1, want 1", n)
	}
	if err := tm.admin.TeamInit(ctx, annotate.TeamOptions{Layers: annotate.LayersOwn}); err != nil {
		t.Fatal(err)
	}
	if n := count(tm.asA, "d2"); n != 0 {
		t.Fatalf("with layers own alice sees %d of bob's spans", n)
	}
	if n := count(tm.asB, "d1"); n != 1 {
		t.Fatalf("bob sees %d of his own spans", n)
	}
}
