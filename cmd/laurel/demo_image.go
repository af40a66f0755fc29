package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// badgeImage is the PNG the demo bakes: a plain disc until render lands.
func (d *demo) badgeImage() ([]byte, error) {
	const size = 256
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	c := float64(size) / 2
	for y := range size {
		for x := range size {
			dx, dy := float64(x)-c+0.5, float64(y)-c+0.5
			if dx*dx+dy*dy <= c*c {
				img.Set(x, y, color.NRGBA{R: 0x2e, G: 0x6b, B: 0x4f, A: 0xff})
			}
		}
	}
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}
