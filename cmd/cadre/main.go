// Command cadre is the Cadre HR system: one binary that serves the web UI
// and JSON API, seeds the demo company and runs maintenance commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/cadrehq/cadre/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
