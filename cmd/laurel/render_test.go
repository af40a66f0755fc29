package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential"
)

const gallery = "../../examples/gallery"

func TestRenderBadge(t *testing.T) {
	out := filepath.Join(t.TempDir(), "b.png")
	code, stdout, stderr := runCmd(t, "", "render", "badge", "--design", filepath.Join(gallery, "explorer.badge.json"), "-o", out, "--size", "200")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, out) {
		t.Errorf("stdout %q does not name the output", stdout)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 200 {
		t.Errorf("size %v, want 200×200", b.Size())
	}
}

func writeCredential(t *testing.T) string {
	t.Helper()
	c, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
		Issuer:      credential.Profile{ID: "did:example:issuer", Name: "Example University"},
		Achievement: credential.Achievement{Name: "Teamwork", Description: "Works well in a team.", Criteria: credential.Embed(credential.Criteria{Narrative: "Nominated."})},
		Recipient:   credential.Recipient{Email: "ada@example.com", Name: "Łukasz Żółć"},
		ValidFrom:   time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "credential.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRenderCertificate(t *testing.T) {
	cred := writeCredential(t)
	out := filepath.Join(t.TempDir(), "c.pdf")
	code, _, stderr := runCmd(t, "", "render", "certificate", "--template", filepath.Join(gallery, "classic.certificate.json"),
		"--credential", cred, "--attr", "certificate_number=EX-1", "--verify-url", "https://example.edu/v/1", "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	credBytes, _ := os.ReadFile(cred)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("/EmbeddedFile")) || len(credBytes) == 0 {
		t.Errorf("output is not a certificate PDF with an attachment")
	}
}

func TestRenderErrors(t *testing.T) {
	cred := writeCredential(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"shape":"circle","icon":{"name":"unicorn"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	notCred := filepath.Join(dir, "x.json")
	if err := os.WriteFile(notCred, []byte(`[1,2`), 0o644); err != nil {
		t.Fatal(err)
	}
	classic := filepath.Join(gallery, "classic.certificate.json")
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"render"}, exitUsage, "usage"},
		{[]string{"render", "poster"}, exitUsage, "unknown kind"},
		{[]string{"render", "badge"}, exitUsage, "--design is required"},
		{[]string{"render", "badge", "--design", bad}, exitUsage, "icon.name"},
		{[]string{"render", "badge", "--design", filepath.Join(gallery, "teamwork.badge.json"), "--size", "9"}, exitUsage, "size"},
		{[]string{"render", "certificate", "--template", classic}, exitUsage, "required"},
		{[]string{"render", "certificate", "--template", classic, "--credential", cred, "--attr", "nokey"}, exitUsage, "name=value"},
		{[]string{"render", "certificate", "--template", classic, "--credential", notCred}, exitInvalid, "credential"},
		{[]string{"render", "certificate", "--template", classic, "--credential", cred, "--verify-url", "https://x", "-o", filepath.Join(dir, "c.pdf")}, exitUsage, "certificate_number"},
		{[]string{"render", "certificate", "--template", classic, "--credential", cred, "--attr", "certificate_number=1", "-o", filepath.Join(dir, "c.pdf")}, exitUsage, "--verify-url"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			code, _, stderr := runCmd(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tt.code, tt.msg)
			}
		})
	}
}
