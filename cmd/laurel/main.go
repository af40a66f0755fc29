package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

// env carries the process streams so commands stay testable.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"demo", "issue, sign, verify, bake, render and charge a demo credential", runDemo},
		{"keygen", "generate a signing key and print it as a private JWK", runKeygen},
		{"sign", "sign a credential (Data Integrity or VC-JWT)", runSign},
		{"issue", "issue signed credentials to every row of a CSV, resumably", runIssue},
		{"verify", "verify credentials, JWTs and baked badge images", runVerify},
		{"bake", "bake a credential into a PNG or SVG badge image", runBake},
		{"unbake", "extract the credential baked into a PNG or SVG image", runUnbake},
		{"render", "render a badge image or a certificate PDF from a design", runRender},
		{"ledger", "open a seat account, change its plan, show usage, quote, export entries", runLedger},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "laurel: unknown command %q (run \"laurel help\")\n", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: laurel <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run \"laurel <command> -h\" for a command's flags.")
}
