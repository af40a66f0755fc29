package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/laurelhq/laurel/render"
)

// runRender draws a badge image or a certificate PDF from a JSON design or
// template. Image and font paths inside the file are relative to it.
func runRender(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		renderUsage(e)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "badge":
		return runRenderBadge(e, args[1:])
	case "certificate":
		return runRenderCertificate(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "laurel render: unknown kind %q (badge or certificate)\n", args[0])
	return exitUsage
}

func renderUsage(e *env) {
	fmt.Fprintln(e.stderr, "usage: laurel render badge --design FILE [-o OUT.png] [--size N]")
	fmt.Fprintln(e.stderr, "       laurel render certificate --template FILE --credential FILE [--attr k=v ...] [--verify-url URL] [-o OUT.pdf]")
}

func runRenderBadge(e *env, args []string) int {
	fs := flag.NewFlagSet("render badge", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	design := fs.String("design", "", "badge design (JSON)")
	out := fs.String("o", "", "output PNG (default: the design's name with .png, in the current folder; - for stdout)")
	size := fs.Int("size", 512, fmt.Sprintf("width and height in pixels (%d…%d)", render.MinBadgeSize, render.MaxBadgeSize))
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel render badge --design FILE [-o OUT.png] [--size N]")
		fmt.Fprintf(e.stderr, "shapes: %s\nicons: %s\n", strings.Join(render.Shapes(), ", "), strings.Join(render.Icons(), ", "))
		fs.PrintDefaults()
	}
	rest, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(rest) != 0 {
		fmt.Fprintf(e.stderr, "laurel render badge: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	if *design == "" {
		fmt.Fprintln(e.stderr, "laurel render badge: --design is required")
		return exitUsage
	}
	d, err := render.LoadBadgeDesign(os.DirFS(filepath.Dir(*design)), filepath.Base(*design))
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel render badge: %s: %v\n", *design, err)
		return exitUsage
	}
	b, err := render.NewBadge(d)
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel render badge: %s: %v\n", *design, err)
		return exitUsage
	}
	var buf bytes.Buffer
	if err := b.WritePNG(&buf, *size); err != nil {
		fmt.Fprintf(e.stderr, "laurel render badge: %v\n", err)
		return exitUsage
	}
	return writeOutput(e, "render badge", *out, defaultOut(*design, ".png"), buf.Bytes())
}

// attrFlag collects repeated --attr k=v flags.
type attrFlag map[string]string

func (a attrFlag) String() string {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k+"="+a[k])
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

func (a attrFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("%q is not name=value", s)
	}
	if _, dup := a[k]; dup {
		return fmt.Errorf("attribute %q given twice", k)
	}
	a[k] = v
	return nil
}

func runRenderCertificate(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("render certificate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	tplFile := fs.String("template", "", "certificate template (JSON)")
	credFile := fs.String("credential", "", "signed Open Badges 3.0 credential (JSON); it is attached to the PDF")
	verifyURL := fs.String("verify-url", "", "URL the QR code links to")
	out := fs.String("o", "certificate.pdf", "output PDF (- for stdout)")
	attrs := attrFlag{}
	fs.Var(attrs, "attr", "custom attribute name=value, e.g. certificate_number=2026-042 (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel render certificate --template FILE --credential FILE [--attr k=v ...] [--verify-url URL] [-o OUT.pdf]")
		fs.PrintDefaults()
	}
	rest, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(rest) != 0 {
		fmt.Fprintf(e.stderr, "laurel render certificate: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	if *tplFile == "" || *credFile == "" {
		fmt.Fprintln(e.stderr, "laurel render certificate: --template and --credential are required")
		return exitUsage
	}
	tpl, err := render.LoadCertificateTemplate(os.DirFS(filepath.Dir(*tplFile)), filepath.Base(*tplFile))
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel render certificate: %s: %v\n", *tplFile, err)
		return exitUsage
	}
	cert, err := render.NewCertificate(tpl, render.CertificateOptions{})
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel render certificate: %s: %v\n", *tplFile, err)
		return exitUsage
	}
	raw, err := os.ReadFile(*credFile)
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel render certificate: %v\n", err)
		return exitUsage
	}
	data, err := render.CertificateDataFromCredential(raw)
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel render certificate: %s: %v\n", *credFile, err)
		return exitInvalid
	}
	data.Attributes = attrs
	data.VerifyURL = *verifyURL
	pdf, err := cert.RenderBytes(ctx, data)
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel render certificate: %v\n", err)
		if errors.Is(err, render.ErrData) && *verifyURL == "" && strings.Contains(err.Error(), "QR") {
			fmt.Fprintln(e.stderr, "(give the verification page with --verify-url)")
		}
		return exitUsage
	}
	return writeOutput(e, "render certificate", *out, "certificate.pdf", pdf)
}

func defaultOut(input, ext string) string {
	base := filepath.Base(input)
	return strings.TrimSuffix(base, filepath.Ext(base)) + ext
}

func writeOutput(e *env, cmd, out, def string, data []byte) int {
	if out == "-" {
		if _, err := e.stdout.Write(data); err != nil {
			fmt.Fprintf(e.stderr, "laurel %s: %v\n", cmd, err)
			return exitUsage
		}
		return exitOK
	}
	if out == "" {
		out = def
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		fmt.Fprintf(e.stderr, "laurel %s: %v\n", cmd, err)
		return exitUsage
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d bytes)\n", out, len(data))
	return exitOK
}
