package badge_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"github.com/laurelhq/laurel/badge"
)

func ExampleBakePNG() {
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		panic(err)
	}
	credential := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"]}`)
	baked, err := badge.BakePNG(img.Bytes(), credential, badge.Options{})
	if err != nil {
		panic(err)
	}
	b, err := badge.Unbake(baked, badge.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(b.Keyword, b.Chunk, b.Form, b.Version, bytes.Equal(b.Content, credential))
	// Output: openbadgecredential iTXt json 3.0 true
}

func ExampleBakeSVG() {
	img := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>`)
	baked, err := badge.BakeSVG(img, []byte("https://example.org/assertions/1"), badge.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(baked))
	// Output: <svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/assertions/1"></openbadges:assertion><circle r="4"/></svg>
}
