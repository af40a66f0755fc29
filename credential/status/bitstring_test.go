package status

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func mustList(t testing.TB, entries, size int) *List {
	t.Helper()
	l, err := NewList(entries, size)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestBitOrder(t *testing.T) {
	// §3.3: index 0 is the left-most bit of the bitstring.
	tests := []struct {
		index, size int
		value       uint64
		byteAt      int
		want        byte
	}{
		{0, 1, 1, 0, 0x80},
		{7, 1, 1, 0, 0x01},
		{8, 1, 1, 1, 0x80},
		{0, 2, 3, 0, 0xc0},
		{1, 2, 2, 0, 0x20},
		{3, 2, 1, 0, 0x01},
		{1, 4, 0xa, 0, 0x0a},
		{1, 16, 0xbeef, 2, 0xbe},
		{1, 16, 0xbeef, 3, 0xef},
	}
	for _, tt := range tests {
		l := mustList(t, MinEntries, tt.size)
		if err := l.SetValue(tt.index, tt.value); err != nil {
			t.Fatal(err)
		}
		if l.bits[tt.byteAt] != tt.want {
			t.Errorf("index %d size %d value %#x: byte %d = %#02x, want %#02x", tt.index, tt.size, tt.value, tt.byteAt, l.bits[tt.byteAt], tt.want)
		}
		got, err := l.Value(tt.index)
		if err != nil || got != tt.value {
			t.Errorf("index %d size %d: Value = %#x, %v; want %#x", tt.index, tt.size, got, err, tt.value)
		}
		// Neighbours stay clear.
		for _, n := range []int{tt.index - 1, tt.index + 1} {
			if n < 0 {
				continue
			}
			if v, _ := l.Value(n); v != 0 {
				t.Errorf("index %d size %d: neighbour %d = %#x", tt.index, tt.size, n, v)
			}
		}
	}
}

func TestSetClearAndBounds(t *testing.T) {
	l := mustList(t, MinEntries, 1)
	if err := l.Set(MinEntries-1, true); err != nil {
		t.Fatal(err)
	}
	if on, _ := l.Get(MinEntries - 1); !on {
		t.Fatal("last entry not set")
	}
	if err := l.Set(MinEntries-1, false); err != nil {
		t.Fatal(err)
	}
	if on, _ := l.Get(MinEntries - 1); on {
		t.Fatal("last entry not cleared")
	}
	for _, i := range []int{-1, MinEntries} {
		if err := l.Set(i, true); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Set(%d) = %v, want ErrOutOfRange", i, err)
		}
		if _, err := l.Get(i); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Get(%d) = %v, want ErrOutOfRange", i, err)
		}
	}
	l2 := mustList(t, MinEntries, 2)
	if err := l2.SetValue(0, 4); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("SetValue(0, 4) on 2-bit list = %v, want ErrOutOfRange", err)
	}
}

func TestNewListErrors(t *testing.T) {
	tests := []struct {
		entries, size int
		want          error
	}{
		{MinEntries - 1, 1, ErrTooShort},
		{0, 1, ErrTooShort},
		{MinEntries, 0, ErrUnsupported},
		{MinEntries, MaxStatusSize + 1, ErrUnsupported},
		{DefaultMaxListBytes*8 + 8, 1, ErrTooLarge},
	}
	for _, tt := range tests {
		if _, err := NewList(tt.entries, tt.size); !errors.Is(err, tt.want) {
			t.Errorf("NewList(%d, %d) = %v, want %v", tt.entries, tt.size, err, tt.want)
		}
	}
	l, err := NewBitstringList(MinEntries)
	if err != nil || l.Len() != MinEntries || l.StatusSize() != 1 || len(l.bits) != 16384 {
		t.Fatalf("NewBitstringList: %v %+v", err, l)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, size := range []int{1, 2, 8} {
		l := mustList(t, MinEntries, size)
		set := map[int]uint64{0: 1, 5: 1, 94567: 1, MinEntries - 1: 1}
		if size > 1 {
			set[77] = 1<<uint(size) - 1
		}
		for i, v := range set {
			if err := l.SetValue(i, v); err != nil {
				t.Fatal(err)
			}
		}
		enc, err := l.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(enc, "uH4sI") || strings.ContainsAny(enc, "+/=") {
			t.Fatalf("size %d: encoding %q is not multibase base64url of GZIP", size, enc[:12])
		}
		enc2, _ := l.Encode()
		if enc != enc2 {
			t.Fatal("Encode is not deterministic")
		}
		d, err := DecodeList(enc, DecodeOptions{StatusSize: size, MinEntries: MinEntries})
		if err != nil {
			t.Fatal(err)
		}
		if d.Len() != MinEntries || !bytes.Equal(d.bits, l.bits) {
			t.Fatalf("size %d: round trip changed the list (len %d)", size, d.Len())
		}
		for i, v := range set {
			if got, _ := d.Value(i); got != v {
				t.Errorf("size %d: entry %d = %#x, want %#x", size, i, got, v)
			}
		}
	}
}

// TestDecodePublishedExamples decodes encodedList values published in
// BitstringStatusListCredential examples, written by other encoders: the
// W3C specification's (§2.2, 131,072 clear entries) and one from public
// Open Badges 3.0 example material, in which entry 23 is set.
func TestDecodePublishedExamples(t *testing.T) {
	tests := []struct {
		encoded string
		set     []int
	}{
		{"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", nil},
		{"uH4sIAAAAAAAA_-3BMQEAAAzDoMy_6cnoA9QFAAAAAAAAAAAAAAAAAAAAbD3uPa2cAEAAAA", []int{23}},
	}
	for _, tt := range tests {
		l, err := DecodeList(tt.encoded, DecodeOptions{MinEntries: MinEntries})
		if err != nil {
			t.Fatalf("%s: %v", tt.encoded, err)
		}
		if l.Len() != MinEntries {
			t.Fatalf("%d entries, want %d", l.Len(), MinEntries)
		}
		var set []int
		for i := range l.Len() {
			if on, _ := l.Get(i); on {
				set = append(set, i)
			}
		}
		if fmt.Sprint(set) != fmt.Sprint(tt.set) {
			t.Errorf("%s: entries set %v, want %v", tt.encoded, set, tt.set)
		}
	}
}

func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gzipBomb compresses n zero bytes without holding them in memory.
func gzipBomb(t testing.TB, n int64) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := io.CopyN(zw, zeroReader{}, n); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestDecodeLenientAndHostile(t *testing.T) {
	bits := make([]byte, 16384)
	bits[0] = 0x80
	z := gzipped(t, bits)
	bomb := gzipBomb(t, 20<<20)
	tests := []struct {
		name    string
		encoded string
		opts    DecodeOptions
		want    error // nil: decodes with entry 0 set
	}{
		{"multibase base64url", "u" + base64.RawURLEncoding.EncodeToString(z), DecodeOptions{}, nil},
		{"base64url, no prefix (StatusList2021)", base64.RawURLEncoding.EncodeToString(z), DecodeOptions{}, nil},
		{"base64url, padded", base64.URLEncoding.EncodeToString(z), DecodeOptions{}, nil},
		{"standard base64, padded", base64.StdEncoding.EncodeToString(z), DecodeOptions{}, nil},
		{"standard base64 with the multibase prefix", "u" + base64.RawStdEncoding.EncodeToString(z), DecodeOptions{}, nil},
		{"gzip bomb (20 MiB of zeros)", "u" + base64.RawURLEncoding.EncodeToString(bomb), DecodeOptions{}, ErrTooLarge},
		{"over a small cap", "u" + base64.RawURLEncoding.EncodeToString(z), DecodeOptions{MaxBytes: 1000}, ErrTooLarge},
		{"too short for a Bitstring Status List", "u" + base64.RawURLEncoding.EncodeToString(gzipped(t, bits[:100])), DecodeOptions{MinEntries: MinEntries}, ErrTooShort},
		{"2-bit entries halve the count", "u" + base64.RawURLEncoding.EncodeToString(z), DecodeOptions{StatusSize: 2, MinEntries: MinEntries}, ErrTooShort},
		{"empty", "", DecodeOptions{}, ErrMalformed},
		{"not base64", "u!!!!", DecodeOptions{}, ErrMalformed},
		{"base64 but not gzip", "u" + base64.RawURLEncoding.EncodeToString(bits[:64]), DecodeOptions{}, ErrMalformed},
		{"truncated gzip", "u" + base64.RawURLEncoding.EncodeToString(z[:len(z)-6]), DecodeOptions{}, ErrMalformed},
		{"empty bitstring", "u" + base64.RawURLEncoding.EncodeToString(gzipped(t, nil)), DecodeOptions{}, ErrMalformed},
		{"statusSize too large", "u" + base64.RawURLEncoding.EncodeToString(z), DecodeOptions{StatusSize: 17}, ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := DecodeList(tt.encoded, tt.opts)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if on, _ := l.Get(0); !on || l.Len() != 131072 {
				t.Fatalf("entry 0 = %v, len %d", on, l.Len())
			}
		})
	}
}
