package render

import (
	"errors"
	"image"
	"image/draw"

	"github.com/jung-kurt/gofpdf"
)

// imageCarrier hands parsed images to a document. gofpdf parses an image
// when it is registered (for a PNG with transparency: inflate, split the
// alpha channel, deflate both again) and keeps the result in the document.
// Its only public way to put already parsed images into another document
// is a Template's Images(): UseTemplate adds them under the name
// "t<ID>-<name>". The carrier is an empty template whose images are
// shallow copies of the ones parsed at compile time: the pixel data is
// shared read-only, and the fields gofpdf writes while outputting (the
// object number) belong to the copy, so documents rendered concurrently
// do not touch each other's state.
type imageCarrier struct {
	id     string
	images map[string]*gofpdf.ImageInfoType
}

func (c *Certificate) imageCarrier() *imageCarrier {
	m := make(map[string]*gofpdf.ImageInfoType, len(c.images))
	for k, info := range c.images {
		cp := *info
		m[k] = &cp
	}
	return &imageCarrier{id: c.imagesID, images: m}
}

// carried is the name under which UseTemplate registered image key.
func (c *Certificate) carried(key string) string { return "t" + c.imagesID + "-" + key }

var errNotSerializable = errors.New("render: the image carrier is not serializable")

func (t *imageCarrier) ID() string { return t.id }
func (t *imageCarrier) Size() (gofpdf.PointType, gofpdf.SizeType) {
	return gofpdf.PointType{}, gofpdf.SizeType{Wd: 1, Ht: 1}
}
func (t *imageCarrier) Bytes() []byte                            { return nil }
func (t *imageCarrier) Images() map[string]*gofpdf.ImageInfoType { return t.images }
func (t *imageCarrier) Templates() []gofpdf.Template             { return nil }
func (t *imageCarrier) NumPages() int                            { return 1 }
func (t *imageCarrier) FromPage(int) (gofpdf.Template, error)    { return t, nil }
func (t *imageCarrier) FromPages() []gofpdf.Template             { return []gofpdf.Template{t} }
func (t *imageCarrier) Serialize() ([]byte, error)               { return nil, errNotSerializable }
func (t *imageCarrier) GobEncode() ([]byte, error)               { return nil, errNotSerializable }
func (t *imageCarrier) GobDecode([]byte) error                   { return errNotSerializable }

// toNRGBA8 copies any image into 8-bit non-premultiplied RGBA.
func toNRGBA8(img image.Image) *image.NRGBA {
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
	return n
}
