package render

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
	"sync"
)

// writePNG encodes a premultiplied RGBA image as an 8-bit RGBA PNG with
// zlib's BestSpeed and one fixed filter (Up) on every row. The standard
// encoder tries all five filters on each row to pick the best, which costs
// more than the compression itself; badges are mostly flat colour and
// smooth gradients, where Up does nearly as well (files about 10–20%
// larger than png.DefaultCompression, at about a third of the time).
// Deflate's HuffmanOnly strategy was measured too: on the default badge it
// is slower than BestSpeed here and makes files 3× larger.
func writePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	e := pngEncoders.Get().(*pngEncoder)
	defer pngEncoders.Put(e)
	e.bw.Reset(w)
	defer e.bw.Reset(nil) // drop the caller's writer before pooling
	bw := e.bw
	if _, err := bw.WriteString("\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 6 // 8 bits per channel, truecolour with alpha
	if err := writeChunk(bw, "IHDR", ihdr[:]); err != nil {
		return err
	}
	idat := &e.idat
	idat.w, idat.typ, idat.buf = bw, "IDAT", idat.buf[:0]
	defer func() { idat.w = nil }()
	if e.zw == nil {
		zw, err := zlib.NewWriterLevel(idat, zlib.BestSpeed)
		if err != nil {
			return err
		}
		e.zw = zw
	} else {
		e.zw.Reset(idat)
	}
	zw := e.zw
	stride := width * 4
	prev, row := e.rows(stride)
	row[0] = 2 // filter: Up
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := img.Pix[img.PixOffset(b.Min.X, y):][:stride]
		filterUp(row[1:], prev, src)
		if _, err := zw.Write(row); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := idat.flush(); err != nil {
		return err
	}
	if err := writeChunk(bw, "IEND", nil); err != nil {
		return err
	}
	return bw.Flush()
}

// pngEncoder is writePNG's scratch space: a zlib writer (about 1 MB of
// tables to allocate and clear) and row buffers, reused through a pool.
type pngEncoder struct {
	bw   *bufio.Writer
	idat chunkWriter
	zw   *zlib.Writer
	prev []byte
	row  []byte
}

var pngEncoders = sync.Pool{New: func() any {
	return &pngEncoder{bw: bufio.NewWriterSize(nil, 64<<10), idat: chunkWriter{buf: make([]byte, 0, 64<<10)}}
}}

// rows returns a zeroed previous-row buffer and a filtered-row buffer
// (filter byte first) for rows of stride bytes.
func (e *pngEncoder) rows(stride int) (prev, row []byte) {
	if cap(e.prev) < stride {
		e.prev, e.row = make([]byte, stride), make([]byte, 1+stride)
	}
	e.prev, e.row = e.prev[:stride], e.row[:1+stride]
	clear(e.prev)
	return e.prev, e.row
}

// filterUp converts one row of premultiplied RGBA to straight RGBA,
// writes its difference from prev (the Up filter) to out and leaves the
// straight row in prev for the next call.
func filterUp(out, prev, src []byte) {
	out, prev = out[:len(src)], prev[:len(src)]
	for i := 0; i+3 < len(src); i += 4 {
		a := src[i+3]
		var r, g, b uint8
		switch a {
		case 0:
		case 0xff:
			r, g, b = src[i], src[i+1], src[i+2]
		default:
			const m = 0x101 * 0xffff
			aa := uint32(a) * 0x101
			r = uint8((uint32(src[i]) * m / aa) >> 8)
			g = uint8((uint32(src[i+1]) * m / aa) >> 8)
			b = uint8((uint32(src[i+2]) * m / aa) >> 8)
		}
		p := prev[i : i+4 : i+4]
		o := out[i : i+4 : i+4]
		o[0], o[1], o[2], o[3] = r-p[0], g-p[1], b-p[2], a-p[3]
		p[0], p[1], p[2], p[3] = r, g, b, a
	}
}

func writeChunk(w io.Writer, typ string, data []byte) error {
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(data)))
	copy(hdr[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(data)
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc.Sum32())
	for _, p := range [][]byte{hdr[:], data, sum[:]} {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// chunkWriter buffers compressed data into IDAT chunks of up to 64 KiB.
type chunkWriter struct {
	w   io.Writer
	typ string
	buf []byte
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), 64<<10-len(c.buf))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		if len(c.buf) == 64<<10 {
			if err := c.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	err := writeChunk(c.w, c.typ, c.buf)
	c.buf = c.buf[:0]
	return err
}
