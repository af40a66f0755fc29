package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/laurelhq/laurel/badge"
)

// runBake bakes a credential into a PNG or SVG image. The keyword and
// element follow from the credential's version: Open Badges 3.0 / VC →
// openbadgecredential / <openbadges:credential>; 2.0 / 1.x or a hosted
// URL → openbadges / <openbadges:assertion>. Exit 0 on success, 1 when
// the image or the credential cannot be baked, 2 on usage or I/O errors
// (including an image that is already baked, without --replace).
func runBake(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("bake", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	image := fs.String("image", "", "the PNG or SVG image to bake into, or - for stdin (required)")
	cred := fs.String("credential", "", "the credential: JSON, a compact JWS/JWT or a hosted assertion URL, in a file or - for stdin (required); surrounding whitespace is dropped")
	replace := fs.Bool("replace", false, "replace a credential the image already carries")
	version := fs.String("version", "", "bake as Open Badges 3.0 or 2.0 (default: decided by the credential)")
	var out string
	fs.StringVar(&out, "o", "", "write the baked image to this file (default: stdout)")
	fs.StringVar(&out, "out", "", "same as -o")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel bake --image IMG --credential FILE [--replace] [--version 3.0|2.0] [-o OUT]")
		fs.PrintDefaults()
	}
	positional, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(e.stderr, "laurel bake: "+format+"\n", a...)
		return code
	}
	switch {
	case len(positional) > 0:
		return fail(exitUsage, "unexpected argument %q (give the image with --image)", positional[0])
	case *image == "" || *cred == "":
		return fail(exitUsage, "--image and --credential are required")
	case *image == "-" && *cred == "-":
		return fail(exitUsage, "only one of --image and --credential can be stdin")
	case *version != "" && *version != "3.0" && *version != "2.0":
		return fail(exitUsage, "--version must be 3.0 or 2.0, not %q", *version)
	}
	img, err := readInput(e, *image)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	content, err := readInput(e, *cred)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	baked, err := badge.Bake(img, bytes.TrimSpace(content), badge.Options{Version: badge.Version(*version), Replace: *replace})
	switch {
	case errors.Is(err, badge.ErrAlreadyBaked):
		return fail(exitUsage, "%s already carries a credential; use --replace to replace it", *image)
	case err != nil:
		return fail(exitInvalid, "%v", err)
	}
	if out == "" {
		if _, err := e.stdout.Write(baked); err != nil {
			return fail(exitUsage, "%v", err)
		}
		return exitOK
	}
	if err := os.WriteFile(out, baked, 0o644); err != nil {
		return fail(exitUsage, "%v", err)
	}
	return exitOK
}

// unbakeReport is what unbake --json prints.
type unbakeReport struct {
	Format   badge.Form      `json:"format"`
	Keyword  string          `json:"keyword"`
	Content  string          `json:"content"`
	Image    badge.ImageType `json:"image"`
	Version  badge.Version   `json:"version"`
	Chunk    string          `json:"chunk,omitempty"`
	Warnings []string        `json:"warnings,omitempty"`
}

// runUnbake prints the credential baked into an image. Exit 0 when one
// was found, 1 when the image carries none or is malformed, 2 on usage or
// I/O errors.
func runUnbake(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("unbake", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, `print {"format":…,"keyword":…,"content":…} instead of the content`)
	outFile := fs.String("o", "", "write the content, byte for byte as baked, to this file instead of printing it")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel unbake [--json] [-o FILE] IMG|-")
		fs.PrintDefaults()
	}
	positional, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(e.stderr, "laurel unbake: "+format+"\n", a...)
		return code
	}
	if len(positional) != 1 {
		return fail(exitUsage, "want exactly one image (or - for stdin), got %d", len(positional))
	}
	img, err := readInput(e, positional[0])
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	b, err := badge.Unbake(img, badge.Options{})
	if err != nil {
		return fail(exitInvalid, "%s: %v", positional[0], err)
	}
	if *asJSON {
		line, err := json.Marshal(unbakeReport{Format: b.Form, Keyword: b.Keyword, Content: string(b.Content),
			Image: b.Image, Version: b.Version, Chunk: b.Chunk, Warnings: b.Warnings})
		if err != nil {
			return fail(exitUsage, "%v", err)
		}
		return writeOut(e, line)
	}
	for _, w := range b.Warnings {
		fmt.Fprintf(e.stderr, "laurel unbake: warning: %s\n", w)
	}
	if *outFile != "" {
		// Exactly what was baked: no newline added, unlike printing.
		if err := os.WriteFile(*outFile, b.Content, 0o644); err != nil {
			return fail(exitUsage, "%v", err)
		}
		return exitOK
	}
	return writeOut(e, bytes.Clone(b.Content))
}
