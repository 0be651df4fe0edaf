package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"sync"
)

// connector opens a project's SQLite connections (modernc's Connector
// underneath) and puts every write transaction they begin through the
// project's write queue (queue.go): the lock is taken before BEGIN
// IMMEDIATE and let go when the transaction commits or rolls back,
// wherever the transaction was begun (an edit, an import, a migration).
// Read-only transactions do not queue.
type connector struct {
	base driver.Connector
	path string

	mu sync.Mutex
	// writable is false for a handle opened for reading: its connections
	// refuse writes (query_only, or mode=ro) until upgrade, when it has one,
	// makes the handle writable (see DB.upgrade).
	writable bool
	upgrade  func(ctx context.Context) error
	// onCommit, when set, is called after each write transaction commits.
	onCommit func()
}

// Connect implements driver.Connector.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	for _, need := range []bool{
		isA[driver.ConnBeginTx](conn), isA[driver.ConnPrepareContext](conn), isA[driver.ExecerContext](conn),
		isA[driver.QueryerContext](conn), isA[driver.Pinger](conn), isA[driver.SessionResetter](conn), isA[driver.Validator](conn),
	} {
		if !need {
			conn.Close()
			return nil, errors.New("storage: the SQLite driver's connections lack an interface the project needs")
		}
	}
	return &qconn{Conn: conn, c: c}, nil
}

func isA[T any](v any) bool { _, ok := v.(T); return ok }

// Driver implements driver.Connector.
func (c *connector) Driver() driver.Driver { return c.base.Driver() }

// state returns whether the handle is writable and what upgrades it.
func (c *connector) state() (bool, func(context.Context) error, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writable, c.upgrade, c.onCommit
}

// qconn is one connection: modernc's, with write transactions queued.
type qconn struct {
	driver.Conn
	c *connector
	// rw is set once query_only was turned off on this connection.
	rw bool
}

// Unwrap returns the driver's connection (modernc's Limit looks for it).
func (q *qconn) Unwrap() driver.Conn { return q.Conn }

// Begin implements driver.Conn.
func (q *qconn) Begin() (driver.Tx, error) {
	return q.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx implements driver.ConnBeginTx.
func (q *qconn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	begin := q.Conn.(driver.ConnBeginTx).BeginTx
	if opts.ReadOnly {
		return begin(ctx, opts)
	}
	writable, upgrade, onCommit := q.c.state()
	if !writable {
		if upgrade == nil {
			return nil, errReadOnly(q.c.path)
		}
		if err := upgrade(ctx); err != nil {
			return nil, err
		}
	}
	if !q.rw {
		if _, err := q.Conn.(driver.ExecerContext).ExecContext(ctx, `PRAGMA query_only = 0`, nil); err != nil {
			return nil, err
		}
		q.rw = true
	}
	lock, err := queueWrite(ctx, q.c.path, busyError(q.c.path))
	if err != nil {
		return nil, err
	}
	tx, err := begin(ctx, opts)
	if err != nil {
		lock.release()
		return nil, err
	}
	return &qtx{Tx: tx, lock: lock, onCommit: onCommit}, nil
}

// PrepareContext implements driver.ConnPrepareContext.
func (q *qconn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return q.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

// ExecContext implements driver.ExecerContext.
func (q *qconn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return q.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

// QueryContext implements driver.QueryerContext.
func (q *qconn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return q.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

// Ping implements driver.Pinger.
func (q *qconn) Ping(ctx context.Context) error { return q.Conn.(driver.Pinger).Ping(ctx) }

// ResetSession implements driver.SessionResetter.
func (q *qconn) ResetSession(ctx context.Context) error {
	return q.Conn.(driver.SessionResetter).ResetSession(ctx)
}

// IsValid implements driver.Validator.
func (q *qconn) IsValid() bool { return q.Conn.(driver.Validator).IsValid() }

// qtx is a write transaction holding the project's write lock.
type qtx struct {
	driver.Tx
	lock     *heldLock
	onCommit func()
}

// Commit implements driver.Tx.
func (t *qtx) Commit() error {
	err := t.Tx.Commit()
	t.lock.release()
	if err == nil && t.onCommit != nil {
		t.onCommit()
	}
	return err
}

// Rollback implements driver.Tx.
func (t *qtx) Rollback() error {
	err := t.Tx.Rollback()
	t.lock.release()
	return err
}
