package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/demo"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/store"
)

// Version is set at build time with -ldflags "-X …/app.Version=…".
var Version = "0.1.0-dev"

const usage = `Cadre: the HR system where generalists do and managers direct.

Usage:
  cadre serve   [--addr 127.0.0.1:8080] [--data ./cadre-data] [--database-url URL] [--demo] [--tls-cert FILE --tls-key FILE]
  cadre demo    [--data DIR | --database-url URL] [--employees N] [--seed N]
  cadre migrate [--data DIR | --database-url URL]
  cadre user create --email E --name NAME --role ROLE [--scope ORG_UNIT_ID ...]   (password on stdin)
  cadre token create --email E [--name LABEL] [--scopes S,S] [--rate-limit N]
  cadre audit verify
  cadre keys rotate [--new-key-file FILE] [--reseal-only]   (re-encrypts SSNs, bank details, case files… under a new key)
  cadre backup --out FILE
  cadre restore --in FILE
  cadre version
`

// Main runs one command and returns the process exit code: 0 success,
// 1 error (one line on stderr), 2 usage error.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "demo":
		err = cmdDemo(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		if len(args) < 2 || args[1] != "create" {
			err = usageError{"usage: cadre user create --email E --name NAME --role ROLE [--scope ID ...]"}
		} else {
			err = cmdUserCreate(ctx, args[2:], getenv, stdin, stdout, stderr)
		}
	case "token":
		if len(args) < 2 || args[1] != "create" {
			err = usageError{"usage: cadre token create --email E [--name LABEL] [--scopes S,S] [--rate-limit N]"}
		} else {
			err = cmdTokenCreate(ctx, args[2:], getenv, stdout, stderr)
		}
	case "audit":
		if len(args) < 2 || args[1] != "verify" {
			err = usageError{"usage: cadre audit verify"}
		} else {
			err = cmdAuditVerify(ctx, args[2:], getenv, stdout, stderr)
		}
	case "keys":
		if len(args) < 2 || args[1] != "rotate" {
			err = usageError{"usage: cadre keys rotate [--data DIR | --database-url URL] [--new-key-file FILE] [--reseal-only]"}
		} else {
			err = cmdKeysRotate(ctx, args[2:], getenv, stdout, stderr)
		}
	case "backup":
		err = cmdBackup(ctx, args[1:], getenv, stdout, stderr)
	case "restore":
		err = cmdRestore(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "cadre "+Version)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		if ue.msg != "" {
			fmt.Fprintln(stderr, "cadre: "+ue.msg)
		}
		fmt.Fprint(stderr, usage)
		return 2
	default:
		fmt.Fprintln(stderr, "cadre: "+oneLine(err.Error()))
		return 1
	}
}

func oneLine(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "\n", "; ") }

// open opens and migrates the configured database.
func (c *Config) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, c.dbURL())
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.MigrateJobs(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// The careers reference (HR competencies, certifications, the HR
	// ladders) once the company exists.
	if err := db.InstallCareersReference(ctx, time.Now().UTC()); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	db, err := store.Open(ctx, c.dbURL())
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if err := db.MigrateJobs(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migrations (%s)\n", n, db.Dialect())
	return nil
}

func cmdDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	fs.IntVar(&c.Employees, "employees", 250, "number of employees")
	fs.Int64Var(&c.Seed, "seed", 1, "random seed (same seed, same company)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if c.Employees < 30 || c.Employees > 200000 {
		return usageError{"--employees must be between 30 and 200000"}
	}
	// The ER history is encrypted with the key the server will use.
	sealer, err := c.sealer(getenv, stderr)
	if err != nil {
		return err
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return seedDemo(ctx, db, c, sealer, stdout)
}

func seedDemo(ctx context.Context, db *store.DB, c Config, sealer *kit.Sealer, stdout io.Writer) error {
	if c.Employees == 0 {
		c.Employees = 250
	}
	res, err := demo.Seed(ctx, db, demo.Options{Employees: c.Employees, Seed: c.Seed, Today: todayUTC(), Sealer: sealer})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded Northwind Outfitters: %d employees (%d active), %d org units, %d locations, %d jobs, %d users, %d ER cases\n",
		res.Employees, res.Active, res.OrgUnits, res.Locations, res.Jobs, res.Users, res.Cases)
	return nil
}

func cmdUserCreate(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c Config
	var email, name, role string
	var scopes multiInt
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	fs.StringVar(&email, "email", "", "email (required)")
	fs.StringVar(&name, "name", "", "display name (required)")
	fs.StringVar(&role, "role", "", "role: hr_generalist, hr_manager, hr_director, admin, or employee (no grant)")
	fs.Var(&scopes, "scope", "org unit id the role covers (repeatable; none = whole company)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if email == "" || name == "" || role == "" {
		return usageError{"--email, --name and --role are required"}
	}
	pw, err := io.ReadAll(io.LimitReader(stdin, 4096))
	if err != nil {
		return err
	}
	password := strings.TrimRight(string(pw), "\r\n")
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	in := access.UserInput{Email: email, Name: name, Password: password}
	if role != string(access.RoleEmployee) && role != string(access.RoleLineManager) {
		if len(scopes) == 0 {
			in.Grants = []access.Grant{{Role: access.Role(role)}}
		}
		for _, s := range scopes {
			in.Grants = append(in.Grants, access.Grant{Role: access.Role(role), OrgUnitID: s})
		}
	}
	svc := access.NewService(db.Access(), kit.SystemClock{})
	id, err := svc.CreateUser(ctx, access.System, in)
	if err != nil {
		if fe := kit.FieldsOf(err); len(fe) > 0 {
			return errors.New(fe.String())
		}
		return err
	}
	fmt.Fprintf(stdout, "created user %d (%s)\n", id, email)
	return nil
}

type multiInt []int64

func (m *multiInt) String() string { return fmt.Sprint(*m) }
func (m *multiInt) Set(v string) error {
	var n int64
	if _, err := fmt.Sscan(v, &n); err != nil || n <= 0 {
		return fmt.Errorf("%q is not an org unit id", v)
	}
	*m = append(*m, n)
	return nil
}

func cmdTokenCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	var email, name, scopeList string
	var limit int
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	fs.StringVar(&email, "email", "", "the user's email (required)")
	fs.StringVar(&name, "name", "CLI token", "a label for the token")
	fs.StringVar(&scopeList, "scopes", "", "comma-separated scopes, e.g. employees:read,org:read (default: every permission of the user)")
	fs.IntVar(&limit, "rate-limit", 0, "requests a minute (default 0: no cap)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if email == "" {
		return usageError{"--email is required"}
	}
	scopes, err := access.ParseScopes("scopes", []string{scopeList})
	if err != nil {
		return usageError{kit.FieldsOf(err)["scopes"]}
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	raw, err := access.NewService(db.Access(), kit.SystemClock{}).CreateTokenForEmail(ctx, email, access.TokenRequest{Name: name, Scopes: scopes, RateLimit: limit})
	if err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			return fmt.Errorf("no user has the email %s", email)
		}
		if kit.KindOf(err) == kit.KindInvalid {
			return usageError{kit.FieldsOf(err).String()}
		}
		return err
	}
	fmt.Fprintln(stdout, raw)
	return nil
}

func cmdAuditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if !r.OK {
		return fmt.Errorf("audit chain broken at entry %d after %d entries: %s", r.BrokenAt, r.Entries, r.Problem)
	}
	fmt.Fprintf(stdout, "audit chain intact: %d entries\n", r.Entries)
	return nil
}

func cmdBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	var out string
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	fs.StringVar(&out, "out", "", "file to write (required)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if out == "" {
		return usageError{"--out is required"}
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a consistent backup to %s\n", out)
	return nil
}

func cmdRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	var in string
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	fs.StringVar(&in, "in", "", "backup file to restore (required)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if in == "" {
		return usageError{"--in is required"}
	}
	if !strings.HasPrefix(c.dbURL(), "sqlite:") {
		return errors.New("restore: this database is PostgreSQL; use pg_restore (see docs/operations.md)")
	}
	if _, err := store.CheckBackup(ctx, in); err != nil {
		return err
	}
	// The encrypted fields (SSNs, bank details, case files) open only with
	// the key they were sealed with: a restore without it would serve a
	// company whose sealed data nobody can read.
	if envOr(getenv, "CADRE_SECRET_KEY", "") == "" {
		if _, err := os.Stat(filepath.Join(c.Data, keyFile)); err != nil {
			return fmt.Errorf("restore: no secret key for %s: copy secret.key from the data directory the backup was made in (or set CADRE_SECRET_KEY); without it the backup's SSNs, bank details and case files cannot be read", c.Data)
		}
	}
	sealer, err := c.sealer(getenv, stderr)
	if err != nil {
		return err
	}
	samples, err := store.SealedSamples(ctx, in)
	if err != nil {
		return err
	}
	for col, v := range samples {
		if _, err := sealer.Open(v); err != nil {
			return fmt.Errorf("restore: the secret key does not open this backup's encrypted fields (%s); use the key of the data directory the backup was made in", col)
		}
	}
	dst := strings.TrimPrefix(c.dbURL(), "sqlite:")
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	tmp := dst + ".restore"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Remove(dst + suffix)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s into %s (stop every cadre serve on this data directory first)\n", in, dst)
	return nil
}
