package app

import (
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
	"goldspan/internal/pgtest"
	"goldspan/internal/stores"
	"goldspan/storage/postgres"
)

var _ annotate.Pinger = (*postgres.DB)(nil) // the desk's reconnect probe

// netCut is a TCP relay to the test server that the test can cut (every
// connection dropped, new ones refused: the network is gone) and heal.
type netCut struct {
	t      *testing.T
	addr   string // where the desk connects
	target string // the server
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newNetCut(t *testing.T, target string) *netCut {
	c := &netCut{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.addr = ln.Addr().String()
	c.serve(ln)
	t.Cleanup(c.cut)
	return c
}

func (c *netCut) serve(ln net.Listener) {
	c.mu.Lock()
	c.ln = ln
	c.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", c.target)
			if err != nil {
				in.Close()
				continue
			}
			c.mu.Lock()
			c.conns = append(c.conns, in, out)
			c.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
}

// cut drops every connection and refuses new ones.
func (c *netCut) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ln != nil {
		c.ln.Close()
		c.ln = nil
	}
	for _, x := range c.conns {
		x.Close()
	}
	c.conns = nil
}

// heal takes connections again, on the same address.
func (c *netCut) heal() {
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		c.t.Fatalf("listen again on %s: %v", c.addr, err)
	}
	c.serve(ln)
}

// A team project on a real PostgreSQL server, through the desk: opened
// with File › Open team project… as the reviewer's own role (errors said
// in the dialog for a missing project, a role outside the team and a
// server that does not answer); the network cut mid-session puts the desk
// offline with nothing acknowledged lost, and it comes back by itself
// when the network does; the server ending the desk's connections
// (pg_terminate_backend) loses nothing either.
func TestTeamProjectOnPostgres(t *testing.T) {
	ctx := context.Background()
	u := pgtest.Project(t, pgtest.Database(t), "news")
	admin, err := postgres.Open(ctx, u, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() }) // after the roles are dropped
	importRecords(t, admin, testRecords(t))
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	dbName := strings.TrimPrefix(pu.Path, "/")
	sfx := strings.TrimPrefix(dbName, "goldspan_t_")
	alice, carol := "alice_"+sfx, "carol_"+sfx
	if err := admin.TeamInit(ctx, annotate.TeamOptions{Layers: annotate.LayersDone}); err != nil {
		t.Fatal(err)
	}
	if err := admin.AddMember(ctx, alice, false, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.SQL().ExecContext(ctx, `CREATE ROLE "`+carol+`" LOGIN`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, r := range []string{alice, carol} {
			for _, q := range []string{`DROP OWNED BY "` + r + `"`, `DROP ROLE "` + r + `"`} {
				if _, err := admin.SQL().ExecContext(ctx, q); err != nil {
					t.Log(err)
				}
			}
		}
	})

	relay := newNetCut(t, pu.Host)
	host, port, _ := net.SplitHostPort(relay.addr)
	tick := &ticker{}
	h := newTeamHarness(t, func(u string) (annotate.Project, error) { return stores.Open(ctx, u, false) })
	h.d.offline.after, h.d.live.after = tick.after, tick.after
	connect := func(c teamConn) *teamDialog {
		h.d.onOpenTeamProject()
		v := h.fillTeamDialog(c, "")
		test.Tap(v.connect)
		h.d.jobs.wait()
		return v
	}

	// What the dialog says of a real server.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, deadPort, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	for _, tc := range []struct {
		c    teamConn
		want string
	}{
		{teamConn{Host: host, Port: deadPort, Database: dbName, User: alice, Project: "news"}, "does not answer"},
		{teamConn{Host: host, Port: port, Database: dbName, User: alice, Project: "nope"}, "There is no project nope"},
		{teamConn{Host: host, Port: port, Database: dbName + "x", User: alice, Project: "news"}, "has no database"},
		{teamConn{Host: host, Port: port, Database: dbName, User: carol, Project: "news"}, carol},
	} {
		v := connect(tc.c)
		if h.d.teamDlg != v || !strings.Contains(v.message.Text, tc.want) {
			t.Errorf("%+v: the dialog says %q, want %q", tc.c, v.message.Text, tc.want)
		}
		t.Logf("%s/%s as %s: %s", tc.c.Database, tc.c.Project, tc.c.User, v.message.Text)
		v.dlg.Hide()
	}
	if h.d.st != nil {
		t.Fatal("a project opened")
	}
	var schemas int
	if err := admin.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'nope'`).Scan(&schemas); err != nil || schemas != 0 {
		t.Errorf("opening a missing project made it (%d, %v)", schemas, err)
	}

	// alice opens the project and accepts a suggestion.
	v := connect(teamConn{Host: host, Port: port, Database: dbName, User: alice, Project: "news"})
	if h.d.st == nil {
		t.Fatalf("not open: %s", v.message.Text)
	}
	if h.d.annotator != alice || !h.d.hasDoc || h.d.doc.ID != "a1" {
		t.Fatalf("open as %q on %q", h.d.annotator, h.d.doc.ID)
	}
	stored := func() string {
		t.Helper()
		spans, err := admin.Spans(ctx, "a1", alice)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range spans {
			out = append(out, s.Label)
		}
		return strings.Join(out, " ")
	}
	h.selectSuggestion(textA, "特朗普")
	key(h.ed(), fyne.KeyReturn)
	h.d.jobs.wait()
	h.wantSaved()
	if got := stored(); got != "PER" {
		t.Fatalf("on the server: %q", got)
	}

	// The network goes: the next accept fails, the banner shows, edits
	// are refused; the tries fail until the network is back.
	relay.cut()
	h.selectSuggestion(textA, "北京")
	key(h.ed(), fyne.KeyReturn)
	h.d.jobs.wait()
	if !h.d.offline.on || !h.d.offline.banner.Visible() {
		t.Fatalf("not offline after the network went (error %q, bar %q)", h.d.lastError, h.d.bar.saved.Text)
	}
	if h.d.lastError != "" {
		t.Errorf("a dialog besides the banner: %q", h.d.lastError)
	}
	tick.fire()
	h.d.jobs.wait()
	if !h.d.offline.on || h.d.offline.tries != 1 {
		t.Fatalf("online again with the network cut (tries %d)", h.d.offline.tries)
	}
	if got := stored(); got != "PER" {
		t.Fatalf("on the server while cut: %q", got)
	}
	relay.heal()
	tick.fire()
	h.d.jobs.wait()
	if h.d.offline.on || h.d.offline.banner.Visible() {
		t.Fatal("still offline after the network came back")
	}
	h.selectSuggestion(textA, "北京")
	key(h.ed(), fyne.KeyReturn)
	h.d.jobs.wait()
	h.wantSaved()
	if got := stored(); got != "LOC PER" && got != "PER LOC" {
		t.Fatalf("on the server after reconnecting: %q", got)
	}

	// The server ends the desk's connections: the next action is saved
	// (the pool connects again) or goes offline and the next try brings
	// the desk back; either way what was acknowledged is there.
	var ended int
	if err := admin.SQL().QueryRowContext(ctx, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = $1`, alice).Scan(&ended); err != nil || ended == 0 {
		t.Fatalf("ending alice's connections: %d, %v", ended, err)
	}
	h.selectSuggestion(textA, "2025年9月23日")
	key(h.ed(), fyne.KeyReturn)
	h.d.jobs.wait()
	if h.d.offline.on {
		t.Log("the action after pg_terminate_backend met a dead connection: offline, trying again")
		tick.fire()
		h.d.jobs.wait()
		if h.d.offline.on {
			t.Fatal("still offline after the server answered")
		}
		h.selectSuggestion(textA, "2025年9月23日")
		key(h.ed(), fyne.KeyReturn)
		h.d.jobs.wait()
	}
	h.wantSaved()
	if got := stored(); !strings.Contains(got, "TIME") || !strings.Contains(got, "PER") || !strings.Contains(got, "LOC") {
		t.Fatalf("on the server after the connections ended: %q", got)
	}
	h.d.closeProject()
}
