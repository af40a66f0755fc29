package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/laurelhq/laurel/verify"
)

// runVerify verifies each input and prints a report per input. It exits 0
// when every input is valid, 1 when any is invalid, 2 on usage or I/O
// errors (an input that cannot be read gets its line, with "error", and the
// rest are still verified).
func runVerify(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per input per line")
	atFlag := fs.String("at", "", "verify as of this time, RFC 3339 (default: now)")
	docsFlag := fs.String("documents", "", "offline documents map: a JSON file whose \"documents\" member maps URLs to files")
	recipient := fs.String("recipient", "", "also check that the credential was issued to this email address")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel verify [--json] [--at RFC3339] [--documents MAP] [--recipient EMAIL] FILE|- ...")
		fs.PrintDefaults()
	}
	inputs, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "laurel verify: "+format+"\n", a...)
		return exitUsage
	}
	if len(inputs) == 0 {
		return fail("no input: give one or more FILEs, or - for stdin")
	}
	cfg := verify.Config{}
	if *atFlag != "" {
		t, err := time.Parse(time.RFC3339, *atFlag)
		if err != nil {
			return fail("--at: %v", err)
		}
		cfg.Now = func() time.Time { return t }
	}
	if *docsFlag != "" {
		m, err := verify.ReadDocumentsMap(*docsFlag)
		if err != nil {
			return fail("%v", err)
		}
		cfg.Documents = m
	}
	v, err := verify.New(cfg)
	if err != nil {
		return fail("%v", err)
	}
	exit := exitOK
	ioFailed := false
	for _, in := range inputs {
		data, err := readInput(e, in)
		if err != nil {
			// One unreadable input does not stop the others; it still gets
			// its line, and the run exits 2 at the end.
			fail("%v", err)
			ioFailed = true
			if *asJSON {
				if err := writeJSONError(e, in, err); err != nil {
					return fail("%v", err)
				}
			}
			continue
		}
		r := v.Verify(ctx, data, &verify.Options{Recipient: *recipient})
		if !r.Valid {
			exit = exitInvalid
		}
		if *asJSON {
			if err := writeJSONReport(e, in, r); err != nil {
				return fail("%v", err)
			}
			continue
		}
		writeTextReport(e, in, r)
	}
	if ioFailed {
		return exitUsage
	}
	return exit
}

// writeJSONError is the line for an input that could not be read.
func writeJSONError(e *env, file string, readErr error) error {
	b, err := json.Marshal(struct {
		File  string `json:"file"`
		Valid bool   `json:"valid"`
		Error string `json:"error"`
	}{file, false, readErr.Error()})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s\n", b)
	return err
}

type jsonReport struct {
	File string `json:"file"`
	*verify.Result
}

func writeJSONReport(e *env, file string, r *verify.Result) error {
	b, err := json.Marshal(jsonReport{File: file, Result: r})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s\n", b)
	return err
}

func writeTextReport(e *env, file string, r *verify.Result) {
	verdict := "VALID"
	if !r.Valid {
		verdict = "INVALID"
	}
	fmt.Fprintf(e.stdout, "%s: %s (%s", file, verdict, r.Format)
	if r.Version != "" {
		fmt.Fprintf(e.stdout, ", %s", r.Version)
	}
	fmt.Fprintln(e.stdout, ")")
	if r.Baked != nil {
		fmt.Fprintf(e.stdout, "  baked:   %s image, %s\n", r.Baked.Image, r.Baked.Keyword)
	}
	if r.Issuer != "" {
		fmt.Fprintf(e.stdout, "  issuer:  %s\n", r.Issuer)
	}
	if r.Subject != "" {
		fmt.Fprintf(e.stdout, "  subject: %s\n", r.Subject)
	}
	for _, c := range r.Checks {
		fmt.Fprintf(e.stdout, "  %-5s %s", c.Outcome, c.Name)
		switch {
		case c.Problem != nil:
			fmt.Fprintf(e.stdout, ": %s", c.Problem.Type)
			if c.Problem.Path != "" {
				fmt.Fprintf(e.stdout, " at %s", c.Problem.Path)
			}
			fmt.Fprintf(e.stdout, ": %s", c.Problem.Detail)
		case c.Detail != "":
			fmt.Fprintf(e.stdout, ": %s", c.Detail)
		}
		fmt.Fprintln(e.stdout)
	}
}
