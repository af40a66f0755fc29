package render

import (
	"bytes"
	"encoding/json"
)

// DefaultBadgeDesign is the badge laurel demo draws: a blue medal with a
// gold double border, a star and a banner. Each call returns a new value.
func DefaultBadgeDesign() *BadgeDesign {
	return &BadgeDesign{
		Shape:  ShapeCircle,
		Fill:   Paint{Gradient: &Gradient{From: mustHex("#1e3a8a"), To: mustHex("#3b82f6")}},
		Border: &Border{Style: BorderDouble, Width: 4.5, Color: defaultGold},
		Ring:   &Border{Width: 0.8, Inset: 9, Color: mustHex("#ffffff66")},
		Icon:   &Icon{Name: "star"},
		Banner: &Banner{Text: "ACHIEVEMENT", Color: defaultGold},
	}
}

// DefaultCertificateTemplate is a self-contained A4 landscape certificate
// (no files needed): a drawn frame, the recipient, achievement,
// description, issuer and date, the badge (design, or DefaultBadgeDesign
// when nil) and a QR code to the verification URL. It fails only if design
// does not render.
func DefaultCertificateTemplate(design *BadgeDesign) (*CertificateTemplate, error) {
	if design == nil {
		design = DefaultBadgeDesign()
	}
	var badge bytes.Buffer
	if err := RenderBadgePNG(&badge, design, 300); err != nil {
		return nil, err
	}
	navy, gold, grey := mustHex("#1e2a4a"), mustHex("#b88a2e"), mustHex("#6b7280")
	text := func(y, h float64, tpl, font string, size float64, c Color) Element {
		return Element{Type: ElementText, Box: Box{X: 30, Y: y, W: 237, H: h}, Text: tpl, Font: font, Size: size, MinSize: size * 0.5, Color: c}
	}
	desc := text(118, 16, "{{.AchievementDescription}}", "", 11.5, mustHex("#374151"))
	desc.Box.X, desc.Box.W, desc.MaxLines, desc.Optional = 58, 181, 3, true
	return &CertificateTemplate{
		Page: Page{Size: "A4", Orientation: "landscape"},
		Elements: []Element{
			{Type: ElementRect, Box: Box{X: 0, Y: 0, W: 297, H: 210}, Fill: mustHex("#fffdf7")},
			{Type: ElementRect, Box: Box{X: 9, Y: 9, W: 279, H: 192}, Color: navy, Width: 2.4},
			{Type: ElementRect, Box: Box{X: 13.5, Y: 13.5, W: 270, H: 183}, Color: gold, Width: 0.5},
			text(28, 18, "Certificate", "go-smallcaps", 44, navy),
			text(46, 9, "of Achievement", "go-italic", 17, gold.shade(-0.25)),
			text(64, 7, "This is to certify that", "", 12.5, mustHex("#4b5563")),
			text(72, 20, "{{.RecipientName}}", "go-bold", 36, navy),
			{Type: ElementLine, Box: Box{X: 78, Y: 94, W: 141, H: 0}, Width: 0.4, Color: gold},
			text(98, 7, "has successfully completed", "", 12.5, mustHex("#4b5563")),
			text(106, 12, "{{.AchievementName}}", "go-bold", 24, navy),
			desc,
			{Type: ElementText, Box: Box{X: 42, Y: 158, W: 70, H: 8}, Text: "{{.IssuerName}}", Font: "go-bold", Size: 12, MinSize: 7, Color: navy},
			{Type: ElementLine, Box: Box{X: 42, Y: 167, W: 70, H: 0}, Width: 0.3, Color: navy},
			{Type: ElementText, Box: Box{X: 42, Y: 168.5, W: 70, H: 6}, Text: "Issuer", Font: "go-italic", Size: 9, Color: grey},
			{Type: ElementImage, Box: Box{X: 129, Y: 140, W: 39, H: 39}, Image: &ImageSpec{Data: badge.Bytes()}},
			{Type: ElementText, Box: Box{X: 180, Y: 158, W: 62, H: 8}, Text: "{{.IssuedOn}}", Font: "go-bold", Size: 12, Color: navy},
			{Type: ElementLine, Box: Box{X: 180, Y: 167, W: 62, H: 0}, Width: 0.3, Color: navy},
			{Type: ElementText, Box: Box{X: 180, Y: 168.5, W: 62, H: 6}, Text: "Date of issue", Font: "go-italic", Size: 9, Color: grey},
			{Type: ElementQR, Box: Box{X: 253, Y: 162, W: 24, H: 24}, Color: navy},
			{Type: ElementText, Box: Box{X: 249, Y: 186.5, W: 32, H: 4}, Text: "Scan to verify", Size: 7, Color: grey},
			{Type: ElementText, Box: Box{X: 20, Y: 187, W: 150, H: 5}, Text: "{{.CredentialID}}", Font: "go-mono", Size: 7, MinSize: 5, Align: "left", Color: grey, Optional: true},
		},
	}, nil
}

func jsonMarshal(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }
