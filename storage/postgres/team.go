package postgres

import (
	"context"
	"fmt"
	"strings"

	"goldspan/annotate"

	"github.com/jackc/pgx/v5"
)

var _ annotate.Team = (*DB)(nil)

// layered are the tables of the annotators' layers: every row names its
// annotator, and a reviewer writes only rows of their own.
var layered = []string{"spans", "statuses", "decisions", "actions"}

// reviewerWrites are the tables a reviewer's actions write besides their
// layer: the shared lexicon and its version, machine suggestions (Suggest
// again), the learned models, and their own row of annotators.
var reviewerWrites = []string{"suggestions", "lexicon", "models", "project"}

// layersKey is the project table's key of TeamOptions.Layers.
const layersKey = "team.layers"

// Groups returns the names of the project's two group roles: every lead
// is a member of the first, every reviewer of the second.
func (d *DB) Groups() (leads, reviewers string) {
	return "goldspan_" + d.schema + "_leads", "goldspan_" + d.schema + "_reviewers"
}

// TeamInit implements annotate.Team: it creates the group roles, grants
// them what they may do and turns on row-level security, in one
// transaction (PostgreSQL's DDL is transactional). A reviewer (a member
// of the reviewers group) may
//
//   - read the documents, labels, suggestions, lexicon, models and the
//     project's settings, and of the layers (spans, statuses, decisions,
//     actions) their own, plus others' as o.Layers allows;
//   - write only rows of their own layer (the policies' WITH CHECK, and a
//     trigger that names whose layer a refused write touched), the
//     lexicon and its version, suggestions and models;
//   - not write labels, documents, settings, assignments or the gold
//     layer: those are the leads' (members of the leads group, who may do
//     everything).
func (d *DB) TeamInit(ctx context.Context, o annotate.TeamOptions) error {
	switch o.Layers {
	case "", annotate.LayersOwn, annotate.LayersDone, annotate.LayersAll:
	default:
		return annotate.Errorf(annotate.EINVALID, "reviewers see %q: choose own, done or all", o.Layers)
	}
	leads, reviewers := d.Groups()
	if len(reviewers) > 63 {
		return annotate.Errorf(annotate.EINVALID, "the project name %s is too long for a team's role names (at most 44 characters)", d.schema)
	}
	id := func(s string) string { return pgx.Identifier{s}.Sanitize() }
	L, R, S := id(leads), id(reviewers), id(d.schema)
	return d.write(ctx, func(tx *Tx) error {
		var stmts []string
		for _, g := range []string{leads, reviewers} {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_roles WHERE rolname = ?`, g).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				stmts = append(stmts, `CREATE ROLE `+id(g)+` NOLOGIN`)
			}
		}
		stmts = append(stmts,
			`GRANT USAGE ON SCHEMA `+S+` TO `+L+`, `+R,
			`GRANT ALL ON ALL TABLES IN SCHEMA `+S+` TO `+L,
			`GRANT ALL ON ALL SEQUENCES IN SCHEMA `+S+` TO `+L,
			`GRANT SELECT ON ALL TABLES IN SCHEMA `+S+` TO `+R,
			`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA `+S+` TO `+R,
			`GRANT INSERT, UPDATE, DELETE ON `+strings.Join(append(append([]string{}, layered...), reviewerWrites...), ", ")+` TO `+R,
			`GRANT INSERT ON annotators TO `+R,
		)
		mine := `annotator = (SELECT a.id FROM annotators a WHERE a.name = current_user)`
		layers := `COALESCE((SELECT p.value FROM project p WHERE p.key = '` + layersKey + `'), '` + annotate.LayersDone + `')`
		for _, t := range layered {
			done := `EXISTS (SELECT 1 FROM statuses st WHERE st.doc = ` + t + `.doc AND st.annotator = ` + t + `.annotator AND st.status = 'done')`
			if t == "statuses" {
				done = `status = 'done'` // a policy of statuses cannot read statuses
			}
			visible := fmt.Sprintf(`(%s OR %s = '%s' OR (%s = '%s' AND %s))`, mine, layers, annotate.LayersAll, layers, annotate.LayersDone, done)
			stmts = append(stmts, `ALTER TABLE `+t+` ENABLE ROW LEVEL SECURITY`)
			stmts = append(stmts, policies(t, L, R, map[string]string{
				"read":   `FOR SELECT TO ` + R + ` USING ` + visible,
				"insert": `FOR INSERT TO ` + R + ` WITH CHECK (` + mine + `)`,
				"update": `FOR UPDATE TO ` + R + ` USING ` + visible + ` WITH CHECK (` + mine + `)`,
				"delete": `FOR DELETE TO ` + R + ` USING ` + visible,
			})...)
			stmts = append(stmts,
				`DROP TRIGGER IF EXISTS goldspan_guard ON `+t,
				`CREATE TRIGGER goldspan_guard BEFORE INSERT OR UPDATE OR DELETE ON `+t+` FOR EACH ROW EXECUTE FUNCTION goldspan_guard_layer()`)
		}
		stmts = append(stmts, `ALTER TABLE annotators ENABLE ROW LEVEL SECURITY`)
		stmts = append(stmts, policies("annotators", L, R, map[string]string{
			"read":   `FOR SELECT TO ` + R + ` USING (true)`,
			"insert": `FOR INSERT TO ` + R + ` WITH CHECK (name = current_user)`,
		})...)
		stmts = append(stmts, `ALTER TABLE project ENABLE ROW LEVEL SECURITY`)
		stmts = append(stmts, policies("project", L, R, map[string]string{
			"read":   `FOR SELECT TO ` + R + ` USING (true)`,
			"insert": `FOR INSERT TO ` + R + ` WITH CHECK (key = 'lexicon_version')`,
			"update": `FOR UPDATE TO ` + R + ` USING (true) WITH CHECK (key = 'lexicon_version')`,
			"delete": `FOR DELETE TO ` + R + ` USING (true)`, // the guard refuses: an error, not a silent no-op
		})...)
		stmts = append(stmts,
			`DROP TRIGGER IF EXISTS goldspan_guard ON project`,
			`CREATE TRIGGER goldspan_guard BEFORE INSERT OR UPDATE OR DELETE ON project FOR EACH ROW EXECUTE FUNCTION goldspan_guard_project()`)
		// The guard runs before the policies' checks, so that a refused
		// write says whose layer it touched; the policies refuse it anyway.
		guard := `CREATE OR REPLACE FUNCTION goldspan_guard_layer() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
	target text;
BEGIN
	IF NOT pg_has_role(current_user, ` + quote(reviewers) + `, 'MEMBER') OR pg_has_role(current_user, ` + quote(leads) + `, 'MEMBER') THEN
		IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
		RETURN NEW;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		SELECT a.name INTO target FROM annotators a WHERE a.id = OLD.annotator;
		IF target IS DISTINCT FROM current_user THEN
			RAISE EXCEPTION '% may not change the layer of %: a reviewer writes only their own (table %)', current_user, COALESCE(target, 'another annotator'), TG_TABLE_NAME USING ERRCODE = '42501';
		END IF;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		SELECT a.name INTO target FROM annotators a WHERE a.id = NEW.annotator;
		IF target IS DISTINCT FROM current_user THEN
			RAISE EXCEPTION '% may not write in the layer of %: a reviewer writes only their own (table %)', current_user, COALESCE(target, 'another annotator'), TG_TABLE_NAME USING ERRCODE = '42501';
		END IF;
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END
$f$`
		guardProject := `CREATE OR REPLACE FUNCTION goldspan_guard_project() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	IF pg_has_role(current_user, ` + quote(reviewers) + `, 'MEMBER') AND NOT pg_has_role(current_user, ` + quote(leads) + `, 'MEMBER')
		AND ((TG_OP <> 'INSERT' AND OLD.key <> 'lexicon_version') OR (TG_OP <> 'DELETE' AND NEW.key <> 'lexicon_version')) THEN
		RAISE EXCEPTION '% may not change the project''s settings: they are the lead''s', current_user USING ERRCODE = '42501';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END
$f$`
		stmts = append([]string{guard, guardProject}, stmts...)
		for _, s := range stmts {
			if _, err := tx.Tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", firstLine(s), err)
			}
		}
		if o.Layers != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, layersKey, o.Layers); err != nil {
				return err
			}
		}
		return nil
	})
}

// policies returns the statements that (re)create table's policies: the
// leads may do everything, the reviewers what each entry of rs says.
func policies(table, leads, reviewers string, rs map[string]string) []string {
	out := []string{}
	for _, name := range []string{"lead", "read", "insert", "update", "delete"} {
		out = append(out, `DROP POLICY IF EXISTS goldspan_`+name+` ON `+table)
	}
	out = append(out, `CREATE POLICY goldspan_lead ON `+table+` FOR ALL TO `+leads+` USING (true) WITH CHECK (true)`)
	for _, name := range []string{"read", "insert", "update", "delete"} {
		if body, ok := rs[name]; ok {
			out = append(out, `CREATE POLICY goldspan_`+name+` ON `+table+` `+body)
		}
	}
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// quote returns s as an SQL string literal (standard_conforming_strings:
// only the quote is doubled).
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// AddMember implements annotate.Team.
func (d *DB) AddMember(ctx context.Context, name string, lead bool, password string) error {
	if err := annotate.ValidateAnnotator(name); err != nil {
		return err
	}
	if name == "gold" || strings.HasPrefix(name, "pg_") || strings.HasPrefix(name, "goldspan_") {
		return annotate.Errorf(annotate.EINVALID, "%q cannot be a team member's name: it is the adjudicated layer's or a reserved role's", name)
	}
	if strings.ContainsRune(password, 0) {
		return annotate.Errorf(annotate.EINVALID, "the password holds a NUL character")
	}
	leads, reviewers := d.Groups()
	group, other := reviewers, leads
	if lead {
		group, other = leads, reviewers
	}
	return d.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_roles WHERE rolname = ANY(?)`, []string{leads, reviewers}).Scan(&n); err != nil {
			return err
		}
		if n < 2 {
			return annotate.Errorf(annotate.EINVALID, "the project %s is not set up for a team yet: run goldspan team init first", d.schema)
		}
		role := pgx.Identifier{name}.Sanitize()
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_roles WHERE rolname = ?`, name).Scan(&n); err != nil {
			return err
		}
		var stmts []string
		switch {
		case n == 0 && password != "":
			stmts = append(stmts, `CREATE ROLE `+role+` LOGIN PASSWORD `+quote(password))
		case n == 0:
			stmts = append(stmts, `CREATE ROLE `+role+` LOGIN`)
		case password != "":
			stmts = append(stmts, `ALTER ROLE `+role+` PASSWORD `+quote(password))
		}
		var member bool
		if n > 0 {
			if err := tx.QueryRowContext(ctx, `SELECT pg_has_role(?, ?, 'MEMBER')`, name, other).Scan(&member); err != nil {
				return err
			}
		}
		if member {
			stmts = append(stmts, `REVOKE `+pgx.Identifier{other}.Sanitize()+` FROM `+role)
		}
		stmts = append(stmts, `GRANT `+pgx.Identifier{group}.Sanitize()+` TO `+role)
		for _, s := range stmts {
			if _, err := tx.Tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// Whoami implements annotate.Team: the role the project is open as.
func (d *DB) Whoami(ctx context.Context) (string, error) {
	var name string
	err := d.read(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT current_user`).Scan(&name)
	})
	return name, err
}
