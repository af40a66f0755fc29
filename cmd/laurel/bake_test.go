package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle r="4"/></svg>`

const testJWT = "eyJhbGciOiJFZERTQSJ9.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiXX0.c2ln"

func TestBakeUnbakeCommands(t *testing.T) {
	dir, signed := signedCredential(t)
	trimmed := bytes.TrimSpace(signed) // bake drops surrounding whitespace
	files := map[string][]byte{
		"badge.png": testPNG(t), "badge.svg": []byte(testSVG),
		"cred.json": signed, "cred.jwt": []byte(testJWT + "\n"), "hosted.txt": []byte("https://example.org/assertions/1\n"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		image, cred     string
		format, keyword string
		content         []byte
	}{
		{"badge.png", "cred.json", "json", "openbadgecredential", trimmed},
		{"badge.png", "cred.jwt", "jws", "openbadgecredential", []byte(testJWT)},
		{"badge.png", "hosted.txt", "url", "openbadges", []byte("https://example.org/assertions/1")},
		{"badge.svg", "cred.json", "json", "openbadges:credential", trimmed},
		{"badge.svg", "cred.jwt", "jws", "openbadges:credential", []byte(testJWT)},
		{"badge.svg", "hosted.txt", "url", "openbadges:assertion", []byte("https://example.org/assertions/1")},
	}
	for _, tt := range tests {
		t.Run(tt.image+"/"+tt.cred, func(t *testing.T) {
			out := path("baked-" + tt.cred + "-" + tt.image)
			if code, _, errOut := runCmd(t, "", "bake", "--image", path(tt.image), "--credential", path(tt.cred), "-o", out); code != exitOK {
				t.Fatalf("bake: exit %d: %s", code, errOut)
			}
			code, stdout, errOut := runCmd(t, "", "unbake", out)
			if code != exitOK || stdout != string(tt.content)+"\n" {
				t.Fatalf("unbake: exit %d: %q %s", code, stdout, errOut)
			}
			exact := out + ".content"
			if code, _, errOut := runCmd(t, "", "unbake", "-o", exact, out); code != exitOK {
				t.Fatalf("unbake -o: exit %d: %s", code, errOut)
			}
			if got, err := os.ReadFile(exact); err != nil || !bytes.Equal(got, tt.content) {
				t.Fatalf("unbake -o wrote %q (%v), want %q", got, err, tt.content)
			}
			code, stdout, _ = runCmd(t, "", "unbake", "--json", out)
			var rep struct{ Format, Keyword, Content string }
			if err := json.Unmarshal([]byte(stdout), &rep); code != exitOK || err != nil {
				t.Fatalf("unbake --json: exit %d, %v: %s", code, err, stdout)
			}
			if rep.Format != tt.format || rep.Keyword != tt.keyword || rep.Content != string(tt.content) {
				t.Errorf("unbake --json: %+v", rep)
			}
			// Baking again needs --replace.
			if code, _, errOut := runCmd(t, "", "bake", "--image", out, "--credential", path("hosted.txt"), "-o", out); code != exitUsage || !strings.Contains(errOut, "--replace") {
				t.Errorf("rebake: exit %d: %s", code, errOut)
			}
			if code, _, errOut := runCmd(t, "", "bake", "--replace", "--image", out, "--credential", path("hosted.txt"), "-o", out); code != exitOK {
				t.Errorf("rebake --replace: exit %d: %s", code, errOut)
			}
		})
	}

	// stdout, and the baked image verifies with laurel verify.
	if code, _, errOut := runCmd(t, "", "bake", "--image", path("badge.png"), "--credential", "-"); code != exitInvalid {
		t.Errorf("empty credential: exit %d: %s", code, errOut) // empty stdin is not a credential
	}
	code, baked, errOut := runCmd(t, string(signed), "bake", "--image", path("badge.svg"), "--credential", "-")
	if code != exitOK || !strings.Contains(baked, "<openbadges:credential>") {
		t.Fatalf("bake to stdout: exit %d: %s", code, errOut)
	}
	code, report, errOut := runCmd(t, baked, "verify", "--json", "--at", "2025-06-01T00:00:00Z", "-")
	var r struct {
		Valid bool
		Baked struct{ Image, Keyword string }
	}
	if err := json.Unmarshal([]byte(report), &r); code != exitOK || err != nil || !r.Valid || r.Baked.Image != "svg" || r.Baked.Keyword != "openbadges:credential" {
		t.Errorf("verify baked svg: exit %d: %s %s", code, report, errOut)
	}
}

func TestBakeCommandErrors(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "badge.png")
	if err := os.WriteFile(img, testPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	notImage := writeFile(t, "notes.txt", "hello")
	cred := writeFile(t, "url.txt", "https://example.org/a")
	bad := writeFile(t, "bad.json", `{"name":"neither version"}`)
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		msg   string
	}{
		{"no flags", "", []string{"bake"}, exitUsage, "required"},
		{"no credential", "", []string{"bake", "--image", img}, exitUsage, "required"},
		{"both stdin", "", []string{"bake", "--image", "-", "--credential", "-"}, exitUsage, "stdin"},
		{"positional", "", []string{"bake", img, "--credential", cred}, exitUsage, "unexpected argument"},
		{"bad version", "", []string{"bake", "--image", img, "--credential", cred, "--version", "4"}, exitUsage, "--version"},
		{"missing image", "", []string{"bake", "--image", filepath.Join(dir, "nope.png"), "--credential", cred}, exitUsage, "nope.png"},
		{"not an image", "", []string{"bake", "--image", notImage, "--credential", cred}, exitInvalid, "not a PNG or SVG"},
		{"version unknown", "", []string{"bake", "--image", img, "--credential", bad}, exitInvalid, "cannot tell"},
		{"unbake no args", "", []string{"unbake"}, exitUsage, "exactly one"},
		{"unbake missing file", "", []string{"unbake", filepath.Join(dir, "nope.png")}, exitUsage, "nope.png"},
		{"unbake plain image", "", []string{"unbake", img}, exitInvalid, "no credential"},
		{"unbake truncated", string(testPNG(t)[:30]), []string{"unbake", "-"}, exitInvalid, "remain"},
		{"unbake DTD", `<!DOCTYPE svg [<!ENTITY a "b">]><svg>&a;</svg>`, []string{"unbake", "-"}, exitInvalid, "DOCTYPE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.msg) {
				t.Errorf("exit %d (want %d): %s", code, tt.code, errOut)
			}
		})
	}
}
