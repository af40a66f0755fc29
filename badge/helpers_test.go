package badge

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"flag"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite badge/testdata from the generator")

// Sample contents. None is a real badge; the signatures are placeholders.
var (
	ob3JSON = []byte(`{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],` +
		`"id":"urn:uuid:2b6a7f5e-5b1e-4a5c-9c83-7f7d1e7c0a11","type":["VerifiableCredential","OpenBadgeCredential"],` +
		`"issuer":{"id":"https://example.edu/issuers/1","type":"Profile","name":"Example University"},"validFrom":"2025-01-01T00:00:00Z",` +
		`"credentialSubject":{"type":"AchievementSubject","achievement":{"id":"https://example.edu/achievements/1","type":"Achievement","name":"Teamwork"}},` +
		`"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofValue":"zPlaceholder"}}` + "\n")
	ob2JSON = []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/assertions/123",` +
		`"recipient":{"type":"email","hashed":false,"identity":"alice@example.org"},"issuedOn":"2016-12-31T23:59:59Z",` +
		`"verification":{"type":"hosted"},"badge":"https://example.org/badges/5"}`)
	ob3JWT = jws(`{"alg":"RS256","typ":"JWT"}`, `{"iss":"https://example.edu/issuers/1","vc":{"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiableCredential","OpenBadgeCredential"]}}`)
	ob2JWS = jws(`{"alg":"RS256"}`, `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"urn:uuid:1","recipient":{"type":"email","identity":"a@example.org"},"verification":{"type":"signed"}}`)
	ob2URL = []byte("https://example.org/assertions/123?x=1&y=2")
)

func jws(header, payload string) []byte {
	enc := base64.RawURLEncoding.EncodeToString
	return []byte(enc([]byte(header)) + "." + enc([]byte(payload)) + "." + enc([]byte("not a real signature")))
}

// plainPNG draws a w×h badge-like image (a disc over a gradient) with
// image/png; the benchmarks use it.
func plainPNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, drawBadge(w, h)); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func drawBadge(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := x-w/2, y-h/2
			c := color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 255}
			if dx*dx+dy*dy > (w/2)*(w/2) {
				c.A = 0
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// handPNG writes the same kind of image chunk by chunk, with stored
// (uncompressed) zlib blocks, so the testdata bytes do not depend on the
// Go version's compressor. It carries tEXt and tIME chunks that baking
// must leave alone.
func handPNG(w, h int) []byte {
	img := drawBadge(w, h)
	var raw []byte
	for y := 0; y < h; y++ {
		raw = append(raw, 0) // filter: none
		raw = append(raw, img.Pix[y*img.Stride:y*img.Stride+4*w]...)
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	out := append([]byte(nil), pngSignature...)
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("tEXt", []byte("Software\x00Laurel badge tests"))...)
	out = append(out, chunk("tIME", []byte{0x07, 0xea, 12, 1, 23, 59, 0})...)
	out = append(out, chunk("IDAT", stored(raw))...)
	return append(out, chunk("IEND", nil)...)
}

func stored(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.NoCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

const plainSVG = `<?xml version="1.0" encoding="UTF-8"?>
<!-- A plain badge made for Laurel's tests. -->
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <title>Test badge &amp; friends</title>
  <circle cx="32" cy="32" r="30" fill="#2a6" stroke="#135" stroke-width="3"/>
  <path d="M20 33 l8 8 l16 -18" fill="none" stroke="#fff" stroke-width="5"/>
  <text x="32" y="60" font-size="6" text-anchor="middle"><![CDATA[Laurel <test>]]></text>
</svg>
`

// chunk builds a PNG chunk with a correct CRC.
func chunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// beforeIEND inserts chunks just before IEND (the last 12 bytes).
func beforeIEND(img []byte, chunks ...[]byte) []byte {
	out := append([]byte(nil), img[:len(img)-12]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, img[len(img)-12:]...)
}

// deflate compresses without compression: stored blocks, the same bytes
// on every Go version.
func deflate(b []byte) []byte { return stored(b) }

func iTXt(keyword string, compressed bool, text []byte) []byte {
	data := append([]byte(keyword), 0)
	if compressed {
		data = append(data, 1, 0, 0, 0)
		return chunk("iTXt", append(data, deflate(text)...))
	}
	data = append(data, 0, 0, 0, 0)
	return chunk("iTXt", append(data, text...))
}

func mustBake(tb testing.TB, bake func([]byte, []byte, Options) ([]byte, error), img, content []byte, opts Options) []byte {
	tb.Helper()
	out, err := bake(img, content, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// testImages returns the testdata set, generated.
func testImages(tb testing.TB) map[string][]byte {
	tb.Helper()
	p := handPNG(24, 24)
	s := []byte(plainSVG)
	return map[string][]byte{
		"plain.png":           p,
		"ob3-json.png":        mustBake(tb, BakePNG, p, ob3JSON, Options{}),
		"ob3-jwt.png":         mustBake(tb, BakePNG, p, ob3JWT, Options{}),
		"ob2-json.png":        mustBake(tb, BakePNG, p, ob2JSON, Options{}),
		"ob2-jws.png":         mustBake(tb, BakePNG, p, ob2JWS, Options{}),
		"ob2-url.png":         mustBake(tb, BakePNG, p, ob2URL, Options{}),
		"legacy-text-url.png": beforeIEND(p, chunk("tEXt", append([]byte("openbadges\x00"), ob2URL...))),
		"ztxt-url.png":        beforeIEND(p, chunk("zTXt", append([]byte("openbadges\x00\x00"), deflate(ob2URL)...))),
		"compressed-ob3.png":  beforeIEND(p, iTXt(KeywordOB3, true, ob3JSON)),
		"ob3-under-ob2.png":   beforeIEND(p, iTXt(KeywordOB2, false, ob3JSON)),
		"plain.svg":           s,
		"ob3-json.svg":        mustBake(tb, BakeSVG, s, ob3JSON, Options{}),
		"ob3-jwt.svg":         mustBake(tb, BakeSVG, s, ob3JWT, Options{}),
		"ob2-json.svg":        mustBake(tb, BakeSVG, s, ob2JSON, Options{}),
		"ob2-jws.svg":         mustBake(tb, BakeSVG, s, ob2JWS, Options{}),
		"ob2-url.svg":         mustBake(tb, BakeSVG, s, ob2URL, Options{}),
		"ob2-lenient.svg":     []byte(strings.Replace(plainSVG, "<title>", `<g><openbadges:assertion verify="`+string(ob2URL[:32])+`"/></g>`+"\n  <title>", 1)),
		"ob3-spec-style.svg":  []byte(strings.Replace(plainSVG, "<title>", `<openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">`+"\n  <![CDATA[\n"+string(ob3JSON)+"  ]]>\n  </openbadges:credential>\n  <title>", 1)),
	}
}

// TestGenerateTestdata checks badge/testdata against the generator;
// with -update it rewrites the files.
func TestGenerateTestdata(t *testing.T) {
	for name, want := range testImages(t) {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run: go test ./badge -run TestGenerateTestdata -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator (run with -update)", path)
		}
	}
}
