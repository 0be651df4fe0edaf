package postgres_test

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/pgtest"
	"goldspan/storage/postgres"
)

// TestLostConnectionsReconnect: the server ends every connection of a
// project (a restart, a network cut that heals); the next action
// reconnects by itself, and everything acknowledged before is there.
func TestLostConnectionsReconnect(t *testing.T) {
	ctx := context.Background()
	u := pgtest.Project(t, pgtest.Database(t), "news")
	p, err := postgres.Open(ctx, u, true)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	imp, err := p.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.Add(ctx, annotate.Record{Doc: annotate.Document{ID: "d", Text: "新华社北京电"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddSpan(ctx, annotate.Span{DocID: "d", Annotator: "alice", Start: 3, End: 5, Label: "LOC"}); err != nil {
		t.Fatal(err)
	}
	admin, err := postgres.Open(ctx, pgtest.Project(t, pgtest.Server(t), "unused"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	dbName := strings.TrimPrefix(mustURL(t, u).Path, "/")
	var n int
	if err := admin.SQL().QueryRowContext(ctx, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1`, dbName).Scan(&n); err != nil || n == 0 {
		t.Fatalf("ending the project's connections: %d ended, %v", n, err)
	}
	if _, err := p.AddSpan(ctx, annotate.Span{DocID: "d", Annotator: "alice", Start: 0, End: 3, Label: "ORG"}); err != nil {
		// One action may meet a connection the server just ended: it says
		// so and changes nothing; the next one reconnects.
		if annotate.ErrorCode(err) != annotate.EOFFLINE {
			t.Fatalf("the action after the connections ended: %v (code %s), want it done or EOFFLINE", err, annotate.ErrorCode(err))
		}
		if _, err := p.AddSpan(ctx, annotate.Span{DocID: "d", Annotator: "alice", Start: 0, End: 3, Label: "ORG"}); err != nil {
			t.Fatalf("the next action did not reconnect: %v", err)
		}
	}
	spans, err := p.Spans(ctx, "d", "alice")
	if err != nil || len(spans) != 2 {
		t.Fatalf("alice's spans after the reconnect: %v, %v", spans, err)
	}
}

// TestServerDownIsOffline: a server that does not answer is EOFFLINE with
// a message that starts "offline:", for the desk to show as such.
func TestServerDownIsOffline(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	_, err = postgres.Open(context.Background(), "postgres://nobody@"+addr+"/db?project=news&sslmode=disable&connect_timeout=2", false)
	if annotate.ErrorCode(err) != annotate.EOFFLINE || !strings.HasPrefix(err.Error(), "offline:") {
		t.Fatalf("opening on a server that is down: %v (code %s), want EOFFLINE", err, annotate.ErrorCode(err))
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
