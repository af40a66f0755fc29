package badge

import (
	"bytes"
	"errors"
	"fmt"
)

// Sentinel errors. Every error this package returns wraps one of them.
var (
	ErrUnknownImage        = errors.New("badge: not a PNG or SVG image")
	ErrMalformed           = errors.New("badge: malformed image")
	ErrNoCredential        = errors.New("badge: no credential baked in the image")
	ErrAlreadyBaked        = errors.New("badge: image already carries a credential")
	ErrMultipleCredentials = errors.New("badge: image carries more than one baked credential")
	ErrTooLarge            = errors.New("badge: over a size limit")
	ErrDTD                 = errors.New("badge: SVG with a DOCTYPE or ENTITY declaration refused")
	ErrContent             = errors.New("badge: content is not a bakeable credential")
)

// FormatError locates a problem in an image. Err is the sentinel it wraps
// (ErrMalformed, ErrTooLarge, ErrDTD, ErrMultipleCredentials, ...).
type FormatError struct {
	Image  ImageType
	Offset int64  // byte offset in the image
	Chunk  string // PNG chunk type or SVG element, when known
	Reason string
	Err    error
}

func (e *FormatError) Error() string {
	where := fmt.Sprintf("offset %d", e.Offset)
	if e.Chunk != "" {
		where = fmt.Sprintf("%s at offset %d", e.Chunk, e.Offset)
	}
	return fmt.Sprintf("badge: %s: %s: %s", e.Image, where, e.Reason)
}

func (e *FormatError) Unwrap() error { return e.Err }

// ImageType names an image format.
type ImageType string

// Image types.
const (
	PNG ImageType = "png"
	SVG ImageType = "svg"
)

// Version says which baking rules apply: they differ between Open Badges
// 3.0 and the older generations.
type Version string

// Versions.
const (
	// VersionAuto decides from the content (Bake) or reports what was found.
	VersionAuto Version = ""
	// Version3: Open Badges 3.0 and other Verifiable Credentials. PNG
	// keyword "openbadgecredential", SVG element <openbadges:credential>.
	Version3 Version = "3.0"
	// Version2: Open Badges 2.0 and OBI 1.x. PNG keyword "openbadges",
	// SVG element <openbadges:assertion>.
	Version2 Version = "2.0"
)

// Keywords, elements and namespaces of the baking specifications.
const (
	KeywordOB3   = "openbadgecredential"
	KeywordOB2   = "openbadges"
	ElementOB3   = "openbadges:credential"
	ElementOB2   = "openbadges:assertion"
	NamespaceOB3 = "https://purl.imsglobal.org/ob/v3p0"
	NamespaceOB2 = "http://openbadges.org"
)

// Form is how a credential is written inside an image.
type Form string

// Forms.
const (
	FormJSON    Form = "json"    // credential or assertion JSON
	FormJWS     Form = "jws"     // compact JWS: a VC-JWT or a signed OB 2.0 assertion
	FormURL     Form = "url"     // URL of a hosted OB 2.0 / 1.x assertion
	FormUnknown Form = "unknown" // none of these (extracted as found)
)

// Default limits.
const (
	DefaultMaxImageBytes   = 16 << 20 // images larger than 16 MiB are refused
	DefaultMaxContentBytes = 1 << 20  // a baked credential over 1 MiB is refused (decompressed size too)
	maxSVGDepth            = 256      // element nesting in an SVG
)

// Options bound and steer Bake and Unbake. The zero value is strict:
// default limits, the version decided by the content, no replacing.
type Options struct {
	// Version chooses the keyword / element; VersionAuto takes it from
	// the content (Bake) and has no effect on Unbake.
	Version Version
	// Replace lets Bake replace a credential the image already carries;
	// without it that is ErrAlreadyBaked.
	Replace bool
	// MaxImageBytes caps the image; zero means DefaultMaxImageBytes.
	MaxImageBytes int64
	// MaxContentBytes caps the baked credential, after decompression;
	// zero means DefaultMaxContentBytes.
	MaxContentBytes int64
}

func (o Options) maxImage() int64 {
	if o.MaxImageBytes > 0 {
		return o.MaxImageBytes
	}
	return DefaultMaxImageBytes
}

func (o Options) maxContent() int64 {
	if o.MaxContentBytes > 0 {
		return o.MaxContentBytes
	}
	return DefaultMaxContentBytes
}

// Baked is what Unbake found.
type Baked struct {
	Image ImageType `json:"image"`
	// Keyword is the PNG text keyword ("openbadgecredential",
	// "openbadges") or the SVG element's name ("openbadges:credential",
	// "openbadges:assertion").
	Keyword string `json:"keyword"`
	// Version is the one the keyword or element stands for; the content
	// may say otherwise (see ContentVersion and Warnings).
	Version Version `json:"version"`
	// ContentVersion is the version the content itself declares, "" when
	// it cannot tell (a URL is always Version2).
	ContentVersion Version `json:"contentVersion,omitempty"`
	// Chunk is the PNG chunk type ("iTXt", "tEXt", "zTXt"); "" for SVG.
	Chunk string `json:"chunk,omitempty"`
	// Compressed is true when the PNG text was zlib-compressed.
	Compressed bool `json:"compressed,omitempty"`
	// Form is how the content is written.
	Form Form `json:"format"`
	// Content is the baked text exactly as stored (decompressed, and
	// converted from Latin-1 to UTF-8 for tEXt/zTXt).
	Content []byte `json:"-"`
	// Offset is where the chunk or element starts in the image.
	Offset int64 `json:"offset"`
	// Warnings name departures from the baking specifications that the
	// reader tolerated.
	Warnings []string `json:"warnings,omitempty"`
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Detect tells a PNG (by its signature) from an SVG (UTF-8 text whose
// first markup is '<'); it returns "" for anything else.
func Detect(img []byte) ImageType {
	if bytes.HasPrefix(img, pngSignature) {
		return PNG
	}
	t := bytes.TrimPrefix(img, []byte("\xef\xbb\xbf"))
	t = bytes.TrimLeft(t, " \t\r\n")
	if len(t) > 0 && t[0] == '<' {
		return SVG
	}
	return ""
}

// Bake returns a copy of img (PNG or SVG) carrying content.
func Bake(img, content []byte, opts Options) ([]byte, error) {
	switch Detect(img) {
	case PNG:
		return BakePNG(img, content, opts)
	case SVG:
		return BakeSVG(img, content, opts)
	}
	return nil, ErrUnknownImage
}

// Unbake extracts the credential baked into img (PNG or SVG).
func Unbake(img []byte, opts Options) (*Baked, error) {
	switch Detect(img) {
	case PNG:
		return UnbakePNG(img, opts)
	case SVG:
		return UnbakeSVG(img, opts)
	}
	return nil, ErrUnknownImage
}

// prepare checks content and decides the version to bake it as.
func prepare(img, content []byte, opts Options) (Form, Version, error) {
	if int64(len(img)) > opts.maxImage() {
		return "", "", fmt.Errorf("%w: image is %d bytes, over %d", ErrTooLarge, len(img), opts.maxImage())
	}
	if int64(len(content)) > opts.maxContent() {
		return "", "", fmt.Errorf("%w: content is %d bytes, over %d", ErrTooLarge, len(content), opts.maxContent())
	}
	if err := checkText(content); err != nil {
		return "", "", err
	}
	form, ver := Classify(content)
	switch form {
	case FormUnknown:
		return "", "", fmt.Errorf("%w: neither a JSON object, a compact JWS nor an http(s) URL", ErrContent)
	case FormJSON:
		if !jsonValid(content) {
			return "", "", fmt.Errorf("%w: not valid JSON", ErrContent)
		}
	}
	switch opts.Version {
	case VersionAuto:
		if ver == VersionAuto {
			return "", "", fmt.Errorf("%w: cannot tell an Open Badges 3.0 credential from a 2.0 assertion; set Options.Version", ErrContent)
		}
	case Version2, Version3:
		if form == FormURL && opts.Version == Version3 {
			return "", "", fmt.Errorf("%w: Open Badges 3.0 has no hosted (URL) form", ErrContent)
		}
		ver = opts.Version
	default:
		return "", "", fmt.Errorf("%w: unknown version %q", ErrContent, opts.Version)
	}
	return form, ver, nil
}
