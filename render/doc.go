// Package render draws badge images and certificate PDFs from declarative
// designs.
//
// # Badges
//
// A BadgeDesign (JSON: ParseBadgeDesign, LoadBadgeDesign) names a shape
// (Shapes: circle, hexagon, shield, rounded-square, ribbon, star, seal,
// octagon), a fill (colour or linear gradient), a border (solid, double,
// dashed) and an optional ring, one of the built-in vector icons (Icons,
// drawn by this package as paths), the issuer's own picture (PNG or JPEG,
// scaled to cover the shape and clipped to it), a title and a banner
// ribbon with text. NewBadge compiles it once; Badge.Image and
// Badge.WritePNG render it at any size with a transparent background
// outside the shape. Text is shrunk to fit, then wrapped onto two lines,
// and is an ErrTextOverflow error if it still does not fit: never cut.
// A character the font has no glyph for is an error too, never a box.
// Badge images are what the badge package bakes credentials into (Open
// Badges 3.0 §5.3 "Baking",
// https://www.imsglobal.org/spec/ob/v3p0/#baking; Open Badges 2.0 "Badge
// Baking", https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/baking/index.html).
//
// # Certificates
//
// A CertificateTemplate (ParseCertificateTemplate,
// LoadCertificateTemplate) places text, images, lines, rectangles and a QR
// code on an A4 or Letter page over an optional background image. Texts
// are text/template templates over CertificateData with
// missingkey=error, so a template naming an attribute the data lacks is an
// error, not a blank; so is printing a field or attribute that is empty in
// the data outside {{if}}/{{with}}. (Use {{with index .Attributes
// "name"}}…{{end}} for an optional attribute.) Dates are written in the template's locale (en,
// fr, de, es, it, pt, nl). NewCertificate compiles a template once: fonts
// parsed, images decoded, checked and parsed into PDF form; Certificate.Render
// is then safe for concurrent use and is what batch rendering should call.
// Every PDF carries the signed credential as an embedded file
// (credential.json) and sets its title, author and subject.
// CertificateDataFromCredential fills CertificateData from an Open Badges
// 3.0 credential (https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential):
// recipient name (identifier of identityType "name"), achievement name and
// description (§B.1.3), issuer name (§B.1.18), validFrom/validUntil (VC
// Data Model 2.0 §4.9, https://www.w3.org/TR/vc-data-model-2.0/#validity-period).
//
// QR codes are made with github.com/skip2/go-qrcode (no dependencies; it
// scores all eight masks as ISO/IEC 18004 §7.8.3 asks, which the simpler
// encoders skip) and drawn as vector rectangles, one per run of dark
// modules.
//
// # Limits
//
// Images are checked with DecodeConfig before decoding (MaxImagePixels,
// MaxImageBytes); fonts must be TrueType (glyf) fonts of at most
// MaxFontBytes with the tables the PDF subsetter reads; badge sizes are
// MinBadgeSize…MaxBadgeSize; documents at most MaxDesignBytes. Errors name
// the member at fault (*FieldError, e.g. "icon.name", "elements[3].text")
// and wrap one of the Err… sentinels.
package render
