package render

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
)

// Limits on images read from designs and templates. A PNG header can claim
// any size; it is checked with DecodeConfig before any pixel is decoded.
const (
	MaxImageBytes  = 32 << 20 // encoded size
	MaxImagePixels = 40 << 20 // width × height (about 6500 × 6500)
)

// decodedImage is a checked image: its bytes, its format and, for use in
// PNG badges, its pixels.
type decodedImage struct {
	data   []byte
	format string // "png" or "jpeg"
	w, h   int
	img    image.Image // nil until decoded
}

// sniffImage checks that data is a PNG or JPEG of a reasonable size by
// reading only its header.
func sniffImage(field string, data []byte) (*decodedImage, error) {
	if len(data) == 0 {
		return nil, fieldErr(ErrImage, field, "no image data")
	}
	if len(data) > MaxImageBytes {
		return nil, fieldErr(ErrTooLarge, field, "image is %d bytes, the limit is %d", len(data), MaxImageBytes)
	}
	var (
		cfg    image.Config
		err    error
		format string
	)
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		format = "png"
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case bytes.HasPrefix(data, []byte{0xff, 0xd8}):
		format = "jpeg"
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	default:
		return nil, fieldErr(ErrImage, field, "not a PNG or JPEG image")
	}
	if err != nil {
		return nil, fieldWrap(ErrImage, field, err, "unreadable %s header", format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fieldErr(ErrImage, field, "image is %d×%d pixels", cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return nil, fieldErr(ErrTooLarge, field, "image is %d×%d pixels, the limit is %d pixels", cfg.Width, cfg.Height, MaxImagePixels)
	}
	return &decodedImage{data: data, format: format, w: cfg.Width, h: cfg.Height}, nil
}

// decodeImage checks the header, then decodes the pixels.
func decodeImage(field string, data []byte) (*decodedImage, error) {
	d, err := sniffImage(field, data)
	if err != nil {
		return nil, err
	}
	var img image.Image
	if d.format == "png" {
		img, err = png.Decode(bytes.NewReader(data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fieldWrap(ErrImage, field, err, "cannot decode %s", d.format)
	}
	d.img = img
	return d, nil
}
