package badge

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"unicode/utf8"
)

// pngChunk is one chunk as found: offsets into the image, never a copy.
type pngChunk struct {
	off  int    // offset of the length field
	end  int    // offset after the CRC
	typ  string // chunk type
	data []byte // the chunk data, aliasing the image
}

// pngText is a baked text chunk (tEXt, zTXt or iTXt with a badge keyword).
type pngText struct {
	chunk   pngChunk
	keyword string
}

// maxPNGChunk is the largest chunk length PNG allows (2^31-1).
const maxPNGChunk = 1<<31 - 1

func pngErr(off int, chunk, format string, a ...any) error {
	return &FormatError{Image: PNG, Offset: int64(off), Chunk: chunk, Reason: fmt.Sprintf(format, a...), Err: ErrMalformed}
}

// scanPNG checks the signature and every chunk's length, type and CRC up
// to IEND, and returns the chunks (IEND last) and the badge text chunks.
// Bytes after IEND are tolerated and left alone.
func scanPNG(img []byte, opts Options) (chunks []pngChunk, texts []pngText, err error) {
	if int64(len(img)) > opts.maxImage() {
		return nil, nil, &FormatError{Image: PNG, Reason: fmt.Sprintf("image is %d bytes, over the %d byte limit", len(img), opts.maxImage()), Err: ErrTooLarge}
	}
	if !bytes.HasPrefix(img, pngSignature) {
		return nil, nil, pngErr(0, "", "no PNG signature")
	}
	off := len(pngSignature)
	for {
		rest := len(img) - off
		if rest < 12 {
			return nil, nil, pngErr(off, "", "truncated: a chunk needs 12 bytes, %d remain (no IEND chunk)", rest)
		}
		n := binary.BigEndian.Uint32(img[off:])
		typ := img[off+4 : off+8]
		if !isChunkType(typ) {
			return nil, nil, pngErr(off, "", "invalid chunk type %q", typ)
		}
		name := string(typ)
		if n > maxPNGChunk {
			return nil, nil, pngErr(off, name, "declared length %d is over the PNG maximum 2^31-1", n)
		}
		// Compare with what remains before using the length for anything.
		if int64(n) > int64(rest-12) {
			return nil, nil, pngErr(off, name, "declared length %d, but only %d bytes remain", n, rest-12)
		}
		dataEnd := off + 8 + int(n)
		if crc32.ChecksumIEEE(img[off+4:dataEnd]) != binary.BigEndian.Uint32(img[dataEnd:]) {
			return nil, nil, pngErr(off, name, "CRC mismatch")
		}
		c := pngChunk{off: off, end: dataEnd + 4, typ: name, data: img[off+8 : dataEnd]}
		if len(chunks) == 0 && name != "IHDR" {
			return nil, nil, pngErr(off, name, "first chunk must be IHDR")
		}
		chunks = append(chunks, c)
		if kw := badgeKeyword(c); kw != "" {
			texts = append(texts, pngText{chunk: c, keyword: kw})
		}
		if name == "IEND" {
			return chunks, texts, nil
		}
		off = c.end
	}
}

func isChunkType(t []byte) bool {
	for _, c := range t {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// badgeKeyword returns the badge keyword of a text chunk, or "".
func badgeKeyword(c pngChunk) string {
	if c.typ != "iTXt" && c.typ != "tEXt" && c.typ != "zTXt" {
		return ""
	}
	for _, kw := range []string{KeywordOB3, KeywordOB2} {
		if len(c.data) > len(kw) && c.data[len(kw)] == 0 && string(c.data[:len(kw)]) == kw {
			return kw
		}
	}
	return ""
}

// UnbakePNG extracts the credential baked into a PNG. It reads the
// chunks only, checking each one's length, type and CRC; it never
// decodes the image.
func UnbakePNG(img []byte, opts Options) (*Baked, error) {
	_, texts, err := scanPNG(img, opts)
	if err != nil {
		return nil, err
	}
	switch len(texts) {
	case 0:
		return nil, fmt.Errorf("%w (no iTXt/tEXt/zTXt chunk with keyword %q or %q)", ErrNoCredential, KeywordOB3, KeywordOB2)
	case 1:
	default:
		return nil, &FormatError{Image: PNG, Offset: int64(texts[1].chunk.off), Chunk: texts[1].chunk.typ,
			Reason: fmt.Sprintf("second baked chunk (keyword %q; the first is at offset %d)", texts[1].keyword, texts[0].chunk.off),
			Err:    ErrMultipleCredentials}
	}
	t := texts[0]
	text, compressed, err := pngTextContent(t, opts.maxContent())
	if err != nil {
		return nil, err
	}
	b := &Baked{Image: PNG, Keyword: t.keyword, Chunk: t.chunk.typ, Compressed: compressed, Content: text, Offset: int64(t.chunk.off)}
	b.Version = Version2
	if t.keyword == KeywordOB3 {
		b.Version = Version3
	}
	if t.chunk.typ != "iTXt" {
		b.Warnings = append(b.Warnings, fmt.Sprintf("a %s chunk instead of iTXt (legacy)", t.chunk.typ))
	}
	if compressed {
		b.Warnings = append(b.Warnings, "compressed text (the specifications require uncompressed)")
	}
	finish(b)
	return b, nil
}

// finish classifies the content and notes a version mismatch.
func finish(b *Baked) {
	b.Form, b.ContentVersion = Classify(b.Content)
	if b.ContentVersion != VersionAuto && b.ContentVersion != b.Version {
		b.Warnings = append(b.Warnings, fmt.Sprintf("an Open Badges %s credential baked as %q, which is for Open Badges %s", b.ContentVersion, b.Keyword, b.Version))
	}
}

// pngTextContent decodes a badge text chunk: iTXt text is UTF-8, tEXt
// and zTXt text is Latin-1 (converted to UTF-8). Compressed text is
// inflated up to max bytes.
func pngTextContent(t pngText, max int64) (text []byte, compressed bool, err error) {
	c := t.chunk
	p := c.data[len(t.keyword)+1:]
	bad := func(format string, a ...any) error { return pngErr(c.off, c.typ, format, a...) }
	switch c.typ {
	case "tEXt":
		if int64(len(p)) > max {
			return nil, false, &FormatError{Image: PNG, Offset: int64(c.off), Chunk: c.typ, Reason: fmt.Sprintf("text is %d bytes, over the %d byte limit", len(p), max), Err: ErrTooLarge}
		}
		return latin1(p), false, nil
	case "zTXt":
		if len(p) < 1 || p[0] != 0 {
			return nil, false, bad("unknown compression method")
		}
		raw, err := inflate(p[1:], max, c)
		if err != nil {
			return nil, true, err
		}
		return latin1(raw), true, nil
	}
	// iTXt: compression flag, method, language tag\0, translated keyword\0, text.
	if len(p) < 2 {
		return nil, false, bad("iTXt truncated after the keyword")
	}
	flag, method := p[0], p[1]
	p = p[2:]
	for _, field := range []string{"language tag", "translated keyword"} {
		i := bytes.IndexByte(p, 0)
		if i < 0 {
			return nil, false, bad("iTXt %s is not NUL-terminated", field)
		}
		p = p[i+1:]
	}
	switch {
	case flag == 0:
		if int64(len(p)) > max {
			return nil, false, &FormatError{Image: PNG, Offset: int64(c.off), Chunk: c.typ, Reason: fmt.Sprintf("text is %d bytes, over the %d byte limit", len(p), max), Err: ErrTooLarge}
		}
		text = p
	case flag == 1 && method == 0:
		if text, err = inflate(p, max, c); err != nil {
			return nil, true, err
		}
		compressed = true
	default:
		return nil, false, bad("unknown compression flag %d / method %d", flag, method)
	}
	if !utf8.Valid(text) {
		return nil, compressed, bad("iTXt text is not valid UTF-8 (at byte %d)", firstInvalidUTF8(text))
	}
	return text, compressed, nil
}

// inflate decompresses zlib data, refusing output over max bytes (a zip
// bomb costs at most max+1 bytes of memory).
func inflate(p []byte, max int64, c pngChunk) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(p))
	if err != nil {
		return nil, pngErr(c.off, c.typ, "compressed text: %v", err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(zr, max+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, pngErr(c.off, c.typ, "compressed text is truncated")
		}
		return nil, pngErr(c.off, c.typ, "compressed text: %v", err)
	}
	if n > max {
		return nil, &FormatError{Image: PNG, Offset: int64(c.off), Chunk: c.typ, Reason: fmt.Sprintf("text inflates to more than the %d byte limit", max), Err: ErrTooLarge}
	}
	return buf.Bytes(), nil
}

func latin1(p []byte) []byte {
	ascii := true
	for _, c := range p {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return p
	}
	out := make([]byte, 0, len(p)+len(p)/2)
	for _, c := range p {
		out = utf8.AppendRune(out, rune(c))
	}
	return out
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// BakePNG returns a copy of img carrying content in one uncompressed
// iTXt chunk, inserted just before IEND. Every other chunk is copied
// byte for byte. With opts.Replace, the credential chunk the image
// already carries (of either version) is removed; otherwise an image
// that carries one is ErrAlreadyBaked.
func BakePNG(img, content []byte, opts Options) ([]byte, error) {
	_, ver, err := prepare(img, content, opts)
	if err != nil {
		return nil, err
	}
	chunks, texts, err := scanPNG(img, opts)
	if err != nil {
		return nil, err
	}
	if len(texts) > 1 {
		return nil, &FormatError{Image: PNG, Offset: int64(texts[1].chunk.off), Chunk: texts[1].chunk.typ,
			Reason: fmt.Sprintf("second baked chunk (keyword %q); refusing to choose which to replace", texts[1].keyword), Err: ErrMultipleCredentials}
	}
	if len(texts) == 1 && !opts.Replace {
		t := texts[0]
		return nil, fmt.Errorf("%w: %s chunk with keyword %q at offset %d; Options.Replace replaces it", ErrAlreadyBaked, t.chunk.typ, t.keyword, t.chunk.off)
	}
	keyword := KeywordOB2
	if ver == Version3 {
		keyword = KeywordOB3
	}
	iend := chunks[len(chunks)-1]
	// keyword \0, compression flag 0, method 0, empty language tag \0,
	// empty translated keyword \0, text.
	dataLen := len(keyword) + 5 + len(content)
	out := make([]byte, 0, len(img)+12+dataLen)
	prev := 0
	for _, t := range texts { // at most one, removed when replacing
		out = append(out, img[prev:t.chunk.off]...)
		prev = t.chunk.end
	}
	out = append(out, img[prev:iend.off]...)
	start := len(out)
	out = binary.BigEndian.AppendUint32(out, uint32(dataLen))
	out = append(out, "iTXt"...)
	out = append(out, keyword...)
	out = append(out, 0, 0, 0, 0, 0)
	out = append(out, content...)
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start+4:]))
	out = append(out, img[iend.off:]...)
	return out, nil
}
