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
// --reseal-only reseals what is still under a previous key under the
// current one (after instances that ran with the old key restarted).
//
// The key files are never lost: the new key is written to
// secret.key.next (exclusively) before anything is sealed with it and is
// never deleted; an interrupted rotation is finished by running the
// command again, with that same key; secret.key always exists.
func cmdKeysRotate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	c.dbFlags(fs, getenv)
	var newKeyFile string
	var resealOnly bool
	fs.StringVar(&newKeyFile, "new-key-file", "", "file holding the new key (default: CADRE_NEW_SECRET_KEY, or a new random key when the key lives in the data directory)")
	fs.BoolVar(&resealOnly, "reseal-only", false, "keep the current key; reseal under it what is still under a previous key")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	envManaged := envOr(getenv, "CADRE_SECRET_KEY", "") != ""
	cur := filepath.Join(c.Data, keyFile)
	next := filepath.Join(c.Data, keyFileNext)
	if !envManaged {
		if _, err := os.Stat(cur); err != nil {
			return fmt.Errorf("no key to rotate: neither CADRE_SECRET_KEY nor %s", cur)
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
	resume := false
	if !envManaged && !resealOnly {
		// An interrupted rotation: finish it with its own key.
		if b, err := os.ReadFile(next); err == nil && strings.TrimSpace(string(b)) != "" {
			if newKey != "" && newKey != strings.TrimSpace(string(b)) {
				return fmt.Errorf("%s holds the key of an interrupted rotation; run `cadre keys rotate` without a new key to finish it first", next)
			}
			newKey, resume = strings.TrimSpace(string(b)), true
			fmt.Fprintf(stdout, "finishing the interrupted rotation to the key in %s\n", next)
		}
	}
	switch {
	case resealOnly:
		newKey = oldKey
	case newKey == "" && envManaged:
		return usageError{"CADRE_SECRET_KEY is set: give the new key in CADRE_NEW_SECRET_KEY or --new-key-file (or use --reseal-only)"}
	case newKey == "":
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		newKey = hex.EncodeToString(b)
	case newKey == oldKey:
		return usageError{"the new key is the current key (use --reseal-only to reseal under it)"}
	}
	prev := c.previousKeys(getenv)
	if newKey != oldKey {
		prev = append([]string{oldKey}, prev...)
	}
	sealer, err := kit.NewSealer(newKey, prev...)
	if err != nil {
		return fmt.Errorf("new key: %w", err)
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if !envManaged && !resealOnly && !resume {
		// On disk, exclusively, before any value is sealed with it; kept
		// even if the reseal fails (its commit may have happened).
		if err := writeKeyFile(next, newKey); err != nil {
			return fmt.Errorf("write %s: %w", next, err)
		}
	}
	rep, err := db.Reseal(ctx, sealer)
	if err != nil {
		if !envManaged && !resealOnly {
			return fmt.Errorf("%w (the new key stays in %s; run the command again to finish)", err, next)
		}
		return err
	}
	for _, col := range rep.Columns {
		fmt.Fprintf(stdout, "  %-28s %-18s %6d resealed %6d already current\n", col.Table, col.Column, col.Resealed, col.Current)
	}
	fmt.Fprintf(stdout, "resealed %d values under the %s key (%d were already under it)\n", rep.Resealed, map[bool]string{true: "current", false: "new"}[resealOnly], rep.Current)
	const howto = "Instances still running with the old key cannot read what was resealed until they restart with the new one, and they seal what they write with the old one: restart every instance now, then run `cadre keys rotate --reseal-only` to reseal those writes. (No downtime: before rotating, give every instance the new key as CADRE_SECRET_KEY_PREVIOUS.) Keep the old key with the backups made before today: they need it."
	switch {
	case resealOnly:
		return nil
	case envManaged:
		fmt.Fprintln(stdout, "Now set CADRE_SECRET_KEY to the new key on every instance, with the old key in CADRE_SECRET_KEY_PREVIOUS. "+howto)
		return nil
	}
	// secret.key always exists: the old key is copied aside first, then
	// the new one replaces it in one rename.
	if err := writeKeyFileReplace(filepath.Join(c.Data, keyFilePrevious), oldKey); err != nil {
		return err
	}
	if err := os.Rename(next, cur); err != nil {
		return err
	}
	if d, err := os.Open(c.Data); err == nil {
		_ = d.Sync()
		d.Close()
	}
	fmt.Fprintf(stdout, "The new key is in %s; the old one in %s. %s\n", cur, filepath.Join(c.Data, keyFilePrevious), howto)
	return nil
}

// writeKeyFileReplace writes a key file, replacing any (through a
// temporary file and a rename, so it is whole or absent).
func writeKeyFileReplace(path, key string) error {
	tmp := path + ".tmp"
	_ = os.Remove(tmp)
	if err := writeKeyFile(tmp, key); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func writeKeyFile(path, key string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
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
