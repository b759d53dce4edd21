package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
)

// The key files in the data directory when Cadre manages the key itself.
const (
	keyFile         = "secret.key"
	keyFileNext     = "secret.key.next"     // written before a rotation commits
	keyFilePrevious = "secret.key.previous" // the key before the last rotation
)

// sealer builds the field sealer: the current key (CADRE_SECRET_KEY or the
// data directory's key file) seals; previous keys (CADRE_SECRET_KEY_PREVIOUS,
// comma-separated, and the data directory's secret.key.previous and
// secret.key.next) only open, so instances keep reading while a rotation
// runs or after one that was interrupted.
func (c *Config) sealer(getenv func(string) string, stderr io.Writer) (*kit.Sealer, error) {
	key, err := c.secretKey(getenv, stderr)
	if err != nil {
		return nil, err
	}
	s, err := kit.NewSealer(key, c.previousKeys(getenv)...)
	if err != nil {
		return nil, fmt.Errorf("CADRE_SECRET_KEY: %w", err)
	}
	return s, nil
}

func (c *Config) previousKeys(getenv func(string) string) []string {
	var out []string
	for _, k := range strings.Split(envOr(getenv, "CADRE_SECRET_KEY_PREVIOUS", ""), ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	for _, f := range []string{keyFileNext, keyFilePrevious} {
		if b, err := os.ReadFile(filepath.Join(c.Data, f)); err == nil && strings.TrimSpace(string(b)) != "" {
			out = append(out, strings.TrimSpace(string(b)))
		}
	}
	return out
}

// cmdKeysRotate re-encrypts every sealed field under a new key in one
// transaction. With the key in the data directory, Cadre makes the new
// key and swaps the files; with CADRE_SECRET_KEY, the operator gives the
// new key (CADRE_NEW_SECRET_KEY or --new-key-file) and then sets it.
func cmdKeysRotate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	var newKeyFile string
	fs.StringVar(&newKeyFile, "new-key-file", "", "file holding the new key (default: CADRE_NEW_SECRET_KEY, or a new random key when the key lives in the data directory)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	envManaged := envOr(getenv, "CADRE_SECRET_KEY", "") != ""
	if !envManaged {
		if _, err := os.Stat(filepath.Join(c.Data, keyFile)); err != nil {
			return fmt.Errorf("no key to rotate: neither CADRE_SECRET_KEY nor %s", filepath.Join(c.Data, keyFile))
		}
	}
	oldKey, err := c.secretKey(getenv, stderr)
	if err != nil {
		return err
	}
	newKey := envOr(getenv, "CADRE_NEW_SECRET_KEY", "")
	if newKeyFile != "" {
		b, err := os.ReadFile(newKeyFile)
		if err != nil {
			return err
		}
		newKey = strings.TrimSpace(string(b))
	}
	if newKey == "" {
		if envManaged {
			return usageError{"CADRE_SECRET_KEY is set: give the new key in CADRE_NEW_SECRET_KEY or --new-key-file"}
		}
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		newKey = hex.EncodeToString(b)
	}
	if newKey == oldKey {
		return usageError{"the new key is the current key"}
	}
	sealer, err := kit.NewSealer(newKey, append([]string{oldKey}, c.previousKeys(getenv)...)...)
	if err != nil {
		return fmt.Errorf("new key: %w", err)
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	next := filepath.Join(c.Data, keyFileNext)
	if !envManaged {
		// The new key is on disk before any value is sealed with it: a
		// crash after the commit leaves it where every command finds it.
		if err := writeKeyFile(next, newKey); err != nil {
			return err
		}
	}
	rep, err := db.Reseal(ctx, sealer)
	if err != nil {
		if !envManaged {
			_ = os.Remove(next)
		}
		return err
	}
	for _, col := range rep.Columns {
		fmt.Fprintf(stdout, "  %-28s %-18s %6d resealed %6d already current\n", col.Table, col.Column, col.Resealed, col.Current)
	}
	fmt.Fprintf(stdout, "resealed %d values under the new key (%d were already under it)\n", rep.Resealed, rep.Current)
	if envManaged {
		fmt.Fprintln(stdout, "Now set CADRE_SECRET_KEY to the new key on every instance. Until each has restarted, keep the old key in CADRE_SECRET_KEY_PREVIOUS: it lets them read what the rotation resealed.")
		return nil
	}
	cur := filepath.Join(c.Data, keyFile)
	if err := os.Rename(cur, filepath.Join(c.Data, keyFilePrevious)); err != nil {
		return err
	}
	if err := os.Rename(next, cur); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "The new key is in %s; the old one in %s until you delete it (other instances on this database read with it until they restart).\n", cur, filepath.Join(c.Data, keyFilePrevious))
	return nil
}

func writeKeyFile(path, key string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
