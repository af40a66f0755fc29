package badge

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var contents = []struct {
	name    string
	content []byte
	form    Form
	version Version
}{
	{"ob3 json", ob3JSON, FormJSON, Version3},
	{"ob3 jwt", ob3JWT, FormJWS, Version3},
	{"ob2 json", ob2JSON, FormJSON, Version2},
	{"ob2 jws", ob2JWS, FormJWS, Version2},
	{"ob2 url", ob2URL, FormURL, Version2},
}

// otherChunks returns the raw bytes of every chunk that is not a badge
// text chunk, in order.
func otherChunks(t *testing.T, img []byte) [][]byte {
	t.Helper()
	chunks, _, err := scanPNG(img, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, c := range chunks {
		if badgeKeyword(c) == "" {
			out = append(out, img[c.off:c.end])
		}
	}
	return out
}

func TestPNGRoundTrip(t *testing.T) {
	images := map[string][]byte{"hand-made": handPNG(24, 24), "image/png": plainPNG(t, 40, 30)}
	for imgName, img := range images {
		for _, tt := range contents {
			t.Run(imgName+"/"+tt.name, func(t *testing.T) {
				baked := mustBake(t, BakePNG, img, tt.content, Options{})
				b, err := UnbakePNG(baked, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b.Content, tt.content) {
					t.Fatalf("content %q, want %q", b.Content, tt.content)
				}
				wantKW := map[Version]string{Version3: KeywordOB3, Version2: KeywordOB2}[tt.version]
				if b.Form != tt.form || b.Version != tt.version || b.ContentVersion != tt.version || b.Keyword != wantKW ||
					b.Chunk != "iTXt" || b.Compressed || len(b.Warnings) != 0 {
					t.Errorf("got %+v", b)
				}
				// Every other chunk is unchanged, byte for byte and in order,
				// and the new chunk is just before IEND.
				before, after := otherChunks(t, img), otherChunks(t, baked)
				if len(before) != len(after) {
					t.Fatalf("%d chunks became %d", len(before), len(after))
				}
				for i := range before {
					if !bytes.Equal(before[i], after[i]) {
						t.Fatalf("chunk %d changed", i)
					}
				}
				if !bytes.Equal(baked[:len(img)-12], img[:len(img)-12]) || !bytes.HasSuffix(baked, img[len(img)-12:]) {
					t.Error("baking is not an insertion before IEND")
				}
				if _, err := png.Decode(bytes.NewReader(baked)); err != nil {
					t.Errorf("baked image does not decode: %v", err)
				}

				// Baking again is refused unless asked; replacing keeps the rest.
				if _, err := BakePNG(baked, ob2URL, Options{}); !errors.Is(err, ErrAlreadyBaked) {
					t.Errorf("bake over a baked image: %v, want ErrAlreadyBaked", err)
				}
				re := mustBake(t, BakePNG, baked, ob2URL, Options{Replace: true})
				if b, err := UnbakePNG(re, Options{}); err != nil || !bytes.Equal(b.Content, ob2URL) || b.Keyword != KeywordOB2 {
					t.Errorf("after replace: %+v, %v", b, err)
				}
				if !bytes.Equal(re, mustBake(t, BakePNG, img, ob2URL, Options{})) {
					t.Error("replacing differs from baking the plain image")
				}
			})
		}
	}
}

func TestPNGExplicitVersion(t *testing.T) {
	img := handPNG(8, 8)
	// A VC baked as if it were 2.0 (what some old tools did) reads back
	// under the 2.0 keyword, with a warning.
	b, err := UnbakePNG(mustBake(t, BakePNG, img, ob3JSON, Options{Version: Version2}), Options{})
	if err != nil || b.Keyword != KeywordOB2 || b.Version != Version2 || b.ContentVersion != Version3 || len(b.Warnings) != 1 {
		t.Fatalf("%+v %v", b, err)
	}
	if _, err := BakePNG(img, ob2URL, Options{Version: Version3}); !errors.Is(err, ErrContent) {
		t.Errorf("URL as 3.0: %v", err)
	}
}

// TestPNGTestdata reads every PNG in testdata, including the legacy and
// lenient forms.
func TestPNGTestdata(t *testing.T) {
	tests := []struct {
		file       string
		content    []byte
		keyword    string
		chunk      string
		compressed bool
		form       Form
		warnings   int
	}{
		{"ob3-json.png", ob3JSON, KeywordOB3, "iTXt", false, FormJSON, 0},
		{"ob3-jwt.png", ob3JWT, KeywordOB3, "iTXt", false, FormJWS, 0},
		{"ob2-json.png", ob2JSON, KeywordOB2, "iTXt", false, FormJSON, 0},
		{"ob2-jws.png", ob2JWS, KeywordOB2, "iTXt", false, FormJWS, 0},
		{"ob2-url.png", ob2URL, KeywordOB2, "iTXt", false, FormURL, 0},
		{"legacy-text-url.png", ob2URL, KeywordOB2, "tEXt", false, FormURL, 1},
		{"ztxt-url.png", ob2URL, KeywordOB2, "zTXt", true, FormURL, 2},
		{"compressed-ob3.png", ob3JSON, KeywordOB3, "iTXt", true, FormJSON, 1},
		{"ob3-under-ob2.png", ob3JSON, KeywordOB2, "iTXt", false, FormJSON, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			img, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			b, err := Unbake(img, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Content, tt.content) || b.Keyword != tt.keyword || b.Chunk != tt.chunk ||
				b.Compressed != tt.compressed || b.Form != tt.form || len(b.Warnings) != tt.warnings {
				t.Errorf("got %+v (warnings %q)", b, b.Warnings)
			}
		})
	}
	plain, err := os.ReadFile(filepath.Join("testdata", "plain.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnbakePNG(plain, Options{}); !errors.Is(err, ErrNoCredential) {
		t.Errorf("plain image: %v", err)
	}
	if _, err := png.Decode(bytes.NewReader(plain)); err != nil {
		t.Errorf("plain.png does not decode: %v", err)
	}
}

func bomb(n int) []byte {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	zeros := make([]byte, 1<<16)
	for ; n > 0; n -= len(zeros) {
		w.Write(zeros)
	}
	w.Close()
	return buf.Bytes()
}

func TestPNGBadInput(t *testing.T) {
	img := handPNG(8, 8)
	baked := mustBake(t, BakePNG, img, ob3JSON, Options{})
	withLen := func(off int, n uint32) []byte { // rewrite one chunk's length (CRC left alone)
		out := bytes.Clone(img)
		binary.BigEndian.PutUint32(out[off:], n)
		return out
	}
	ihdrCRC := bytes.Clone(img)
	ihdrCRC[8+8+3] ^= 1
	noIHDR := append(bytes.Clone(pngSignature), img[8+25:]...)
	bombed := chunk("iTXt", append([]byte("openbadgecredential\x00\x01\x00\x00\x00"), bomb(64<<20)...))
	zbombed := chunk("zTXt", append([]byte("openbadges\x00\x00"), bomb(64<<20)...))
	tests := []struct {
		name       string
		img        []byte
		want       error
		chunkLevel bool
	}{
		{"empty", nil, ErrMalformed, true},
		{"signature only", pngSignature, ErrMalformed, true},
		{"wrong signature", append([]byte("\x89PNG\r\n\x1a\x00"), img[8:]...), ErrMalformed, true},
		{"truncated in IHDR", img[:20], ErrMalformed, true},
		{"truncated before IEND", img[:len(img)-12], ErrMalformed, true},
		{"truncated in IEND", img[:len(img)-3], ErrMalformed, true},
		{"truncated baked chunk", baked[:len(img)], ErrMalformed, true},
		{"bad CRC", ihdrCRC, ErrMalformed, true},
		{"chunk longer than the file", withLen(8, uint32(len(img))), ErrMalformed, true},
		{"1 GB declared length", withLen(8, 1<<30), ErrMalformed, true},
		{"length over 2^31-1", withLen(8, 0xffffffff), ErrMalformed, true},
		{"first chunk not IHDR", noIHDR, ErrMalformed, true},
		{"bad chunk type", func() []byte { b := bytes.Clone(img); b[12] = '1'; return b }(), ErrMalformed, true},
		{"zip bomb in iTXt", beforeIEND(img, bombed), ErrTooLarge, false},
		{"zip bomb in zTXt", beforeIEND(img, zbombed), ErrTooLarge, false},
		{"corrupt compressed text", beforeIEND(img, chunk("iTXt", []byte("openbadges\x00\x01\x00\x00\x00not zlib"))), ErrMalformed, false},
		{"truncated compressed text", beforeIEND(img, chunk("iTXt", append([]byte("openbadges\x00\x01\x00\x00\x00"), deflate(ob2URL)[:10]...))), ErrMalformed, false},
		{"unknown compression", beforeIEND(img, chunk("iTXt", []byte("openbadges\x00\x01\x07\x00\x00x"))), ErrMalformed, false},
		{"iTXt without language tag end", beforeIEND(img, chunk("iTXt", []byte("openbadges\x00\x00\x00en"))), ErrMalformed, false},
		{"iTXt cut after keyword", beforeIEND(img, chunk("iTXt", []byte("openbadges\x00"))), ErrMalformed, false},
		{"non-UTF-8 iTXt", beforeIEND(img, iTXt(KeywordOB2, false, []byte("https://example.org/\xff"))), ErrMalformed, false},
		{"two baked chunks", beforeIEND(img, iTXt(KeywordOB3, false, ob3JSON), iTXt(KeywordOB2, false, ob2URL)), ErrMultipleCredentials, true},
		{"iTXt and legacy tEXt", beforeIEND(img, iTXt(KeywordOB2, false, ob2URL), chunk("tEXt", append([]byte("openbadges\x00"), ob2URL...))), ErrMultipleCredentials, true},
		{"no credential", img, ErrNoCredential, false},
		{"text too large", beforeIEND(img, iTXt(KeywordOB2, false, bytes.Repeat([]byte("a"), DefaultMaxContentBytes+1))), ErrTooLarge, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := UnbakePNG(tt.img, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %+v, %v; want %v", b, err, tt.want)
			}
			if !tt.chunkLevel {
				return
			}
			// Baking into an image broken at the chunk level fails the same
			// way (a broken credential chunk is simply replaced).
			if _, err := BakePNG(tt.img, ob2URL, Options{Replace: true}); !errors.Is(err, tt.want) {
				t.Errorf("bake: %v; want %v", err, tt.want)
			}
		})
	}
}

func TestPNGErrorsNameTheProblem(t *testing.T) {
	img := handPNG(8, 8)
	bad := bytes.Clone(img)
	binary.BigEndian.PutUint32(bad[8:], 1<<30)
	_, err := UnbakePNG(bad, Options{})
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Chunk != "IHDR" || fe.Offset != 8 || fe.Image != PNG {
		t.Fatalf("%#v", err)
	}
	if got, want := err.Error(), "badge: png: IHDR at offset 8: declared length 1073741824, but only "; len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("message %q", got)
	}
}

func TestPNGImageLimit(t *testing.T) {
	img := handPNG(8, 8)
	if _, err := UnbakePNG(img, Options{MaxImageBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("unbake: %v", err)
	}
	if _, err := BakePNG(img, ob2URL, Options{MaxImageBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("bake: %v", err)
	}
	if _, err := BakePNG(img, ob3JSON, Options{MaxContentBytes: 10}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("bake content: %v", err)
	}
}
