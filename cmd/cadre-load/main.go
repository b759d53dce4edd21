// Command cadre-load seeds a demo company, starts `cadre serve` on it and
// drives a realistic mix of requests from every role (or an
// open-enrollment surge), then reports throughput, latency per route,
// errors and the server's peak memory, and checks that every acknowledged
// write is in the database.
//
//	go build -o /tmp/cadre ./cmd/cadre
//	go run ./cmd/cadre-load --cadre /tmp/cadre --employees 5000 --enroll 500 --duration 60s --concurrency 8
//	go run ./cmd/cadre-load --cadre /tmp/cadre --employees 3000 --enroll 2000 --surge
//	go run ./cmd/cadre-load --cadre /tmp/cadre --database-url postgres://… --instances 2 --enroll 2000 --surge
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/cadrehq/cadre/internal/loadtest"
	"github.com/cadrehq/cadre/internal/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cadre-load: "+err.Error())
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("cadre", "", "the cadre binary to run (go build -o /tmp/cadre ./cmd/cadre)")
	data := flag.String("data", "", "data directory (default: a new temporary one, seeded)")
	dbURL := flag.String("database-url", "", "PostgreSQL URL instead of SQLite in the data directory")
	employees := flag.Int("employees", 1000, "demo company size, when seeding")
	enroll := flag.Int("enroll", 200, "employees given accounts to enroll and ask for time off")
	duration := flag.Duration("duration", 30*time.Second, "how long to run (a limit in a surge)")
	concurrency := flag.Int("concurrency", 8, "concurrent clients")
	rate := flag.Float64("rate", 0, "target requests per second (0: as fast as the server answers)")
	surge := flag.Bool("surge", false, "open-enrollment surge: every client only enrolls, until all have")
	instances := flag.Int("instances", 1, "cadre serve processes behind a round-robin balancer (more than one needs --database-url)")
	flag.Parse()
	if *bin == "" {
		return fmt.Errorf("--cadre is required: go build -o /tmp/cadre ./cmd/cadre")
	}
	if *instances > 1 && *dbURL == "" {
		return fmt.Errorf("--instances %d needs --database-url (several instances share one PostgreSQL)", *instances)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *data == "" {
		d, err := os.MkdirTemp("", "cadre-load-")
		if err != nil {
			return err
		}
		*data = d
		fmt.Println("data directory:", d)
	}
	dbArgs := []string{"--data", *data}
	if *dbURL != "" {
		dbArgs = append(dbArgs, "--database-url", *dbURL)
	}
	url := *dbURL
	if url == "" {
		url = "sqlite:" + filepath.Join(*data, "cadre.db")
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	empty, err := db.IsEmpty(ctx)
	db.Close()
	if err != nil && *dbURL == "" {
		empty = true
	}
	if empty {
		start := time.Now()
		seed := exec.CommandContext(ctx, *bin, append([]string{"demo", "--employees", fmt.Sprint(*employees)}, dbArgs...)...)
		seed.Stdout, seed.Stderr = os.Stdout, os.Stderr
		if err := seed.Run(); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		fmt.Printf("seeded %d employees in %s\n", *employees, time.Since(start).Round(time.Millisecond))
	}
	db, err = store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	setup, err := loadtest.Provision(ctx, db, *enroll)
	if err != nil {
		return err
	}
	var servers []*loadtest.Server
	defer func() {
		for _, s := range servers {
			_ = s.Stop()
		}
	}()
	var urls []string
	for i := 0; i < *instances; i++ {
		s, err := loadtest.Spawn(ctx, *bin, dbArgs, nil)
		if err != nil {
			return err
		}
		servers = append(servers, s)
		urls = append(urls, s.URL)
	}
	base := urls[0]
	if len(urls) > 1 {
		lb, closeLB, err := loadtest.RoundRobin(urls...)
		if err != nil {
			return err
		}
		defer closeLB()
		base = lb
	}
	rep, err := loadtest.Run(ctx, loadtest.Config{BaseURL: base, Duration: *duration, Concurrency: *concurrency, Rate: *rate, Surge: *surge, Seed: 1}, setup)
	if err != nil {
		return err
	}
	rep.Format(os.Stdout)
	for i, s := range servers {
		fmt.Printf("server %d peak RSS: %.0f MB\n", i+1, loadtest.RSS(s.PID()))
	}
	problems, err := loadtest.Verify(ctx, db, rep)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Println("LOST WRITE: " + p)
	}
	if rep.Errors > 0 || len(problems) > 0 {
		return fmt.Errorf("%d errors, %d lost writes", rep.Errors, len(problems))
	}
	fmt.Println("no errors; every acknowledged write is in the database")
	return nil
}
