// Package app wires Cadre together: configuration, subcommands, the
// database, services, the HTTP server, background sweeps and shutdown.
package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Config is read from flags and CADRE_* environment variables (with _FILE
// variants for secrets).
type Config struct {
	Addr        string
	Data        string
	DatabaseURL string
	SecretKey   string
	Demo        bool
	Employees   int
	Seed        int64
}

// usageError makes Main exit with code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	if f := getenv(key + "_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	return def
}

// flags registers the shared database flags with env defaults.
func (c *Config) dbFlags(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.Data, "data", envOr(getenv, "CADRE_DATA", "./cadre-data"), "data directory (SQLite database, secret key)")
	fs.StringVar(&c.DatabaseURL, "database-url", envOr(getenv, "CADRE_DATABASE_URL", ""), "database URL: sqlite:PATH or postgres://…")
}

func (c *Config) dbURL() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite:" + filepath.Join(c.Data, "cadre.db")
}

func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{""}
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// secretKey returns CADRE_SECRET_KEY, or creates and keeps one in the data
// directory (mode 0600) and says so.
func (c *Config) secretKey(getenv func(string) string, stderr io.Writer) (string, error) {
	if k := envOr(getenv, "CADRE_SECRET_KEY", ""); k != "" {
		return k, nil
	}
	path := filepath.Join(c.Data, "secret.key")
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	// No key, but keys of a rotation: never make a new key over data
	// sealed with those.
	for _, f := range []string{"secret.key.next", "secret.key.previous"} {
		if _, err := os.Stat(filepath.Join(c.Data, f)); err == nil {
			return "", fmt.Errorf("%s is missing but %s exists: restore secret.key (a key rotation keeps the new key in secret.key.next and the old one in secret.key.previous) rather than letting Cadre make a new one", path, f)
		}
	}
	if err := os.MkdirAll(c.Data, 0o750); err != nil {
		return "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	k := hex.EncodeToString(b)
	if err := os.WriteFile(path, []byte(k+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write secret key: %w", err)
	}
	fmt.Fprintf(stderr, "cadre: created a new secret key in %s (keep it: it decrypts SSNs, dates of birth and bank details; set CADRE_SECRET_KEY to manage it yourself)\n", path)
	return k, nil
}
