package verify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/badge"
	"github.com/laurelhq/laurel/credential"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/credential/vcjwt"
	"github.com/laurelhq/laurel/internal/spectest"
)

func plainPNG(t *testing.T, size int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, size, size))
	for i := range img.Pix {
		img.Pix[i] = uint8(i*i>>7 ^ i) // busy enough not to compress away
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const plainSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle r="4"/></svg>`

// textChunkPNG inserts a tEXt/iTXt chunk with any keyword before IEND.
func textChunkPNG(img []byte, typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	c = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
	out := append([]byte(nil), img[:len(img)-12]...)
	return append(append(out, c...), img[len(img)-12:]...)
}

func bake(t *testing.T, img, content []byte) []byte {
	t.Helper()
	out, err := badge.Bake(img, content, badge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// issuedJWT returns a VC-JWT of an Open Badges 3.0 credential.
func issuedJWT(t *testing.T) []byte {
	t.Helper()
	signer, err := keys.Generate(keys.EdDSA, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	did, _, err := keys.DIDKey(signer.Public())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	c, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
		Issuer:      credential.Profile{ID: did, Name: "Test Issuer"},
		Achievement: credential.Achievement{Name: "Test", Description: "A test.", Criteria: credential.Embed(credential.Criteria{Narrative: "Pass."})},
		Recipient:   credential.Recipient{Email: "ada@example.com"},
		Now:         func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	jwt, err := vcjwt.Sign(context.Background(), b, signer, vcjwt.SignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return []byte(jwt)
}

func TestVerifyBaked(t *testing.T) {
	signed := issued(t, credential.Recipient{Email: "ada@example.com"}, true)
	tampered := bytes.Replace(signed, []byte(`"Test"`), []byte(`"Best"`), 1)
	jwt := issuedJWT(t)
	png := plainPNG(t, 16)
	tests := []struct {
		name    string
		img     []byte
		image   string
		keyword string
		format  Format
		valid   bool
	}{
		{"png data integrity", bake(t, png, signed), "png", badge.KeywordOB3, FormatDataIntegrity, true},
		{"svg data integrity", bake(t, []byte(plainSVG), signed), "svg", badge.ElementOB3, FormatDataIntegrity, true},
		{"png vc-jwt", bake(t, png, jwt), "png", badge.KeywordOB3, FormatVCJWT, true},
		{"svg vc-jwt", bake(t, []byte(plainSVG), jwt), "svg", badge.ElementOB3, FormatVCJWT, true},
		{"png tampered", bake(t, png, tampered), "png", badge.KeywordOB3, FormatDataIntegrity, false},
		{"svg tampered", bake(t, []byte(plainSVG), tampered), "svg", badge.ElementOB3, FormatDataIntegrity, false},
	}
	v := newVerifier(t, Config{Now: at("2025-06-01T00:00:00Z")})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := v.Verify(context.Background(), tt.img, &Options{Recipient: "ada@example.com"})
			if r.Valid != tt.valid || r.Format != tt.format || r.Version != "3.0" {
				t.Fatal(describe(r))
			}
			if r.Baked == nil || r.Baked.Image != tt.image || r.Baked.Keyword != tt.keyword {
				t.Fatalf("baked %+v", r.Baked)
			}
			if !tt.valid {
				if c, _ := r.Check(CheckProof); c.Problem == nil || c.Problem.Type != ProblemSignature {
					t.Error(describe(r))
				}
			}
		})
	}
}

func TestVerifyBakedOB2(t *testing.T) {
	world := ob2World(t)
	assertion := spectest.Read(t, "examples", "ob2", "spec-examples", "01-assertion-example.json")
	const url = "https://example.org/beths-robotics-badge.json"
	png := plainPNG(t, 16)
	tests := []struct {
		name, image, keyword string
		img                  []byte
	}{
		{"legacy tEXt URL", "png", badge.KeywordOB2, textChunkPNG(png, "tEXt", []byte("openbadges\x00"+url))},
		{"iTXt URL", "png", badge.KeywordOB2, bake(t, png, []byte(url))},
		{"iTXt JSON", "png", badge.KeywordOB2, bake(t, png, assertion)},
		{"svg JSON", "svg", badge.ElementOB2, bake(t, []byte(plainSVG), assertion)},
		{"svg URL", "svg", badge.ElementOB2, bake(t, []byte(plainSVG), []byte(url))},
	}
	v := newVerifier(t, Config{Documents: NewDocumentMap(world), Now: at("2017-01-15T00:00:00Z")})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := v.Verify(context.Background(), tt.img, nil)
			if !r.Valid || r.Format != FormatOB2Hosted {
				t.Fatal(describe(r))
			}
			if r.Baked == nil || r.Baked.Image != tt.image || r.Baked.Keyword != tt.keyword {
				t.Fatalf("baked %+v", r.Baked)
			}
		})
	}
	// Without the documents, a hosted URL is unresolvable — and still
	// reported as baked.
	r := newVerifier(t, Config{}).Verify(context.Background(), bake(t, png, []byte(url)), nil)
	if c, _ := r.Check(CheckParse); r.Valid || c.Problem == nil || c.Problem.Type != ProblemUnresolvable || r.Baked == nil {
		t.Fatal(describe(r))
	}
}

// A 3.0 credential baked under the 2.0 keyword verifies, with a warning.
func TestVerifyBakedUnderOtherKeyword(t *testing.T) {
	signed := issued(t, credential.Recipient{Email: "ada@example.com"}, true)
	img, err := badge.BakePNG(plainPNG(t, 16), signed, badge.Options{Version: badge.Version2})
	if err != nil {
		t.Fatal(err)
	}
	r := newVerifier(t, Config{Now: at("2025-06-01T00:00:00Z")}).Verify(context.Background(), img, nil)
	if !r.Valid || r.Baked == nil || r.Baked.Keyword != badge.KeywordOB2 || r.Version != "3.0" {
		t.Fatal(describe(r))
	}
	if c, _ := r.Check(CheckParse); c.Outcome != Pass {
		t.Errorf("parse check %+v", c)
	}
	if len(r.Checks) < 2 || r.Checks[1].Outcome != Warn || !strings.Contains(r.Checks[1].Problem.Detail, "openbadges") {
		t.Error(describe(r))
	}
}

func TestVerifyBakedLimitsAndErrors(t *testing.T) {
	signed := issued(t, credential.Recipient{Email: "ada@example.com"}, true)
	png := plainPNG(t, 16)
	big := plainPNG(t, 400) // larger than MaxBytes below, smaller than MaxImageBytes
	bigBaked := bake(t, big, signed)
	tests := []struct {
		name  string
		cfg   Config
		img   []byte
		image string
		want  ProblemType
	}{
		{"image over MaxImageBytes", Config{MaxImageBytes: 1000}, bake(t, png, signed), "png", ProblemLimitExceeded},
		{"credential over MaxBytes", Config{MaxBytes: 100}, bake(t, png, signed), "png", ProblemLimitExceeded},
		{"no credential", Config{}, png, "png", ProblemMalformed},
		{"bad CRC", Config{}, func() []byte { b := bytes.Clone(png); b[20] ^= 1; return b }(), "png", ProblemMalformed},
		{"truncated", Config{}, png[:len(png)-5], "png", ProblemMalformed},
		{"svg with entities", Config{}, []byte(`<!DOCTYPE svg [<!ENTITY a "b">]><svg>&a;</svg>`), "svg", ProblemMalformed},
		{"not a credential", Config{}, textChunkPNG(png, "iTXt", []byte("openbadgecredential\x00\x00\x00\x00\x00hello")), "png", ProblemMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Now = at("2025-06-01T00:00:00Z")
			r := newVerifier(t, tt.cfg).Verify(context.Background(), tt.img, nil)
			c, _ := r.Check(CheckParse)
			if r.Valid || c.Problem == nil || c.Problem.Type != tt.want || r.Baked == nil || r.Baked.Image != tt.image {
				t.Fatal(describe(r))
			}
		})
	}
	if int64(len(bigBaked)) <= 1<<14 {
		t.Fatalf("test image too small: %d bytes", len(bigBaked))
	}
	r := newVerifier(t, Config{MaxBytes: 1 << 14, Now: at("2025-06-01T00:00:00Z")}).Verify(context.Background(), bigBaked, nil)
	if !r.Valid || r.Baked == nil {
		t.Errorf("image over MaxBytes but under MaxImageBytes: %s", describe(r))
	}
}
