// Package pgtest gives tests a PostgreSQL database of their own on the
// test server that scripts/pg-test-cluster.sh starts (make test does). The
// server's URL comes from GOLDSPAN_TEST_PG, a superuser's. Without it a
// test is skipped, except under CI (CI=true), where it fails: CI never
// skips a test for want of a server.
package pgtest

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable that holds the test server's URL.
const Env = "GOLDSPAN_TEST_PG"

// Server returns the test server's URL (a superuser's), or skips t (fails
// it under CI) when there is none.
func Server(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		if os.Getenv("CI") != "" && os.Getenv("CI") != "false" {
			t.Fatalf("%s is not set: CI runs the PostgreSQL tests on a real server (make test starts one with scripts/pg-test-cluster.sh)", Env)
		}
		t.Skipf("%s is not set: no PostgreSQL test server (make test starts one)", Env)
	}
	return u
}

// Database creates a new empty database on the test server, dropped when
// t ends, and returns its URL (the superuser's).
func Database(t testing.TB) string {
	t.Helper()
	server := Server(t)
	b := make([]byte, 6)
	crand.Read(b)
	name := "goldspan_t_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("connect to the test server: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return WithDatabase(t, server, name)
}

// WithDatabase returns the URL u with its database (path) set to name.
func WithDatabase(t testing.TB, u, name string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	p.Path = "/" + name
	return p.String()
}

// Project returns u with ?project=name (the schema that holds a project).
func Project(t testing.TB, u, name string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	q := p.Query()
	q.Set("project", name)
	p.RawQuery = q.Encode()
	return p.String()
}
