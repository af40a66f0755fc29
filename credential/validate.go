package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/laurelhq/laurel/internal/jsonx"
)

// Code is a stable, machine-readable kind of conformance violation. Codes
// are added, never renamed.
type Code string

// Violation codes reported by Validate.
const (
	// CodeRequired: a required member is absent (Path names the member).
	CodeRequired Code = "required"
	// CodeType: a member has the wrong JSON type (a number where a string
	// is required, a single value where an array is required, ...).
	CodeType Code = "type"
	// CodeMinItems: an array has fewer items than required (an empty "type"
	// array, an "@context" with fewer than two entries).
	CodeMinItems Code = "min-items"
	// CodeTypeValue: a "type" set lacks a value the class requires, for
	// example "Achievement" in an Achievement's type.
	CodeTypeValue Code = "type-value"
	// CodeEnum: a value is not one of an enumeration (ResultStatusType, the
	// constant type of IdentityObject and Image) or of an extensible
	// enumeration (AchievementType, ResultType, AlignmentTargetType,
	// IdentifierTypeEnum) whose extension values must match "ext:...".
	CodeEnum Code = "enum"
	// CodeContext: "@context" does not start with the Verifiable Credentials
	// context followed by an Open Badges 3.0 context.
	CodeContext Code = "context"
	// CodeDateTime: a date-time is not an RFC 3339 date-time (with a time
	// zone), which is what the schemas' "format": "date-time" requires.
	CodeDateTime Code = "date-time"
	// CodeDate: a date is not an RFC 3339 full-date (YYYY-MM-DD).
	CodeDate Code = "date"
	// CodePattern: a string does not match the syntax the data model gives
	// it (language code, compact JWS).
	CodePattern Code = "pattern"
	// CodeUnknownMember: a class that allows no extension members
	// (IdentityObject, IdentifierEntry, Image) has a member it does not
	// define.
	CodeUnknownMember Code = "unknown-member"
	// CodeURI: a member of the data model's URI type is not an absolute URI
	// (RFC 3986; non-ASCII characters are accepted as in IRIs). The official
	// JSON Schemas type these members as plain strings, so this is the one
	// check Validate makes beyond them.
	CodeURI Code = "uri"
)

// Violation is one way a document departs from the Open Badges 3.0 data
// model.
type Violation struct {
	// Path is the JSON path of the offending member, for example
	// $.credentialSubject.achievement.criteria (for CodeRequired, the path
	// the missing member would have).
	Path    string `json:"path"`
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

func (v Violation) String() string { return v.Path + ": " + v.Message }

// ErrNotConformant is wrapped by every *ValidationError.
var ErrNotConformant = errors.New("credential: not conformant to the Open Badges 3.0 data model")

// ValidationError lists every violation Validate found, in document order
// of the data model's classes (required members first).
type ValidationError struct {
	Violations []Violation
	// Truncated is set when more than ValidateOptions.MaxViolations were
	// found and the rest were dropped.
	Truncated bool
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString(ErrNotConformant.Error())
	b.WriteString(": ")
	for i, v := range e.Violations {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Violations)-3)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	if e.Truncated {
		b.WriteString(" (list truncated)")
	}
	return b.String()
}

// Unwrap returns ErrNotConformant.
func (e *ValidationError) Unwrap() error { return ErrNotConformant }

// DefaultMaxViolations is the number of violations reported when
// ValidateOptions.MaxViolations is zero.
const DefaultMaxViolations = 1000

// ValidateOptions configures Validate. The zero value uses the default
// limits (1 MiB, 64 levels) and reports at most DefaultMaxViolations.
type ValidateOptions struct {
	// Limits bounds input size and nesting depth.
	Limits Limits
	// MaxViolations caps the violations reported (zero: DefaultMaxViolations).
	MaxViolations int
}

// Validate checks an Open Badges 3.0 credential against the OB 3.0 data
// model (https://www.imsglobal.org/spec/ob/v3p0/#data-model), as the
// official JSON Schemas express it: an AchievementCredential
// (OpenBadgeCredential), or an EndorsementCredential when its type says so.
// It returns nil for a conformant credential, *JSONError (wrapping
// ErrSyntax, ErrTooLarge, ...) for input that is not strict JSON within
// opts.Limits, and otherwise *ValidationError listing every violation.
//
// Validate works on the bytes rather than on a parsed *Credential because
// the model keeps zero values and, with ParseOptions.KeepMistyped, moves
// mistyped members to Extra: the JSON type of every member, which the data
// model constrains, is only certain in the bytes (and ParseCredential
// rejects many non-conformant documents outright). For a parsed credential
// pass c.Raw().
//
// The rules are those of the 2024 schemas (VC Data Model 2.0): validFrom
// required, "type" members and proof as arrays. A credential whose
// "@context" starts with the VC 1.1 context (https://www.w3.org/2018/credentials/v1,
// used by OB 3.0 builds before 2024) is checked as the same data model in
// VC 1.1 terms: issuanceDate instead of validFrom (expirationDate checked as
// a date-time), and every "type" may be a single string. Each embedded
// endorsement is judged by its own "@context".
//
// Two differences from the schemas: members of the URI type must be
// absolute URIs (CodeURI; the schemas type them as plain strings), and
// "proof" may be a single object as well as an array, as VC Data Integrity
// (https://www.w3.org/TR/vc-data-integrity/#proofs) allows and as the
// 1EdTech OB 3.0 implementation-guide vector and most signers write it (the
// schemas require an array).
func Validate(data []byte, opts ValidateOptions) error {
	return validateRoot(data, opts, clsAchievementCredential)
}

// ValidateProfile checks a standalone Open Badges 3.0 Profile (OB 3.0
// §B.1.18, as served by the getProfile API) like Validate checks a
// credential.
func ValidateProfile(data []byte, opts ValidateOptions) error {
	return validateRoot(data, opts, clsProfile)
}

func validateRoot(data []byte, opts ValidateOptions, root classID) error {
	if err := jsonx.Check(data, opts.Limits); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil { // cannot fail after Check
		return &JSONError{Path: "$", Offset: -1, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	v := &validator{max: opts.MaxViolations}
	if v.max <= 0 {
		v.max = DefaultMaxViolations
	}
	if root == clsAchievementCredential {
		v.credential(nil, doc)
	} else {
		v.object(nil, doc, root)
	}
	if len(v.out) == 0 {
		return nil
	}
	return &ValidationError{Violations: v.out, Truncated: v.truncated}
}

// validator walks a decoded document (json.Number for numbers) against the
// class tables of validate_rules.go.
type validator struct {
	out       []Violation
	max       int
	truncated bool
	// vc1 is set inside a credential whose @context starts with the VC 1.1
	// context.
	vc1 bool
}

func (v *validator) report(p *pathNode, code Code, format string, args ...any) {
	if len(v.out) >= v.max {
		v.truncated = true
		return
	}
	v.out = append(v.out, Violation{Path: p.String(), Code: code, Message: fmt.Sprintf(format, args...)})
}

func memberPath(p *pathNode, name string) *pathNode {
	return &pathNode{parent: p, key: name, index: -1}
}
func itemPath(p *pathNode, i int) *pathNode { return &pathNode{parent: p, index: i} }

// kindOf names the JSON type of a decoded value.
func kindOf(val any) string {
	switch val.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// credential checks an embedded or top-level credential, picking the
// EndorsementCredential class when its type names it and the VC 1.1 or 2.0
// reading from its own @context.
func (v *validator) credential(p *pathNode, val any) {
	o, ok := val.(map[string]any)
	if !ok {
		v.report(p, CodeType, "expected an object (a credential), found %s", kindOf(val))
		return
	}
	cls := clsAchievementCredential
	if typeNames(o["type"])["EndorsementCredential"] {
		cls = clsEndorsementCredential
	}
	saved := v.vc1
	v.vc1 = isVC1(o["@context"])
	v.fields(p, o, cls)
	v.vc1 = saved
}

// typeNames returns the strings of a "type" member (a string or an array).
func typeNames(val any) map[string]bool {
	names := map[string]bool{}
	switch t := val.(type) {
	case string:
		names[t] = true
	case []any:
		for _, it := range t {
			if s, ok := it.(string); ok {
				names[s] = true
			}
		}
	}
	return names
}

func isVC1(ctx any) bool {
	a, ok := ctx.([]any)
	return ok && len(a) > 0 && a[0] == ContextVC1
}

// object checks that val is an object of class c.
func (v *validator) object(p *pathNode, val any, c classID) {
	o, ok := val.(map[string]any)
	if !ok {
		v.report(p, CodeType, "expected an object (%s), found %s", classes[c].name, kindOf(val))
		return
	}
	v.fields(p, o, c)
}

func (v *validator) fields(p *pathNode, o map[string]any, c classID) {
	cls := &classes[c]
	for _, f := range cls.fields {
		if f.req == reqAlways || (f.req == reqVC2 && !v.vc1) || (f.req == reqVC1 && v.vc1) {
			if _, ok := o[f.name]; !ok {
				v.report(memberPath(p, f.name), CodeRequired, "%s requires %q", cls.name, f.name)
			}
		}
	}
	for _, f := range cls.fields {
		if f.onlyVC1 && !v.vc1 {
			continue
		}
		if val, ok := o[f.name]; ok {
			v.value(memberPath(p, f.name), val, &f.rule)
		}
	}
	if cls.closed {
		var unknown []string
		for name := range o {
			if !cls.has(name) {
				unknown = append(unknown, name)
			}
		}
		slices.Sort(unknown)
		for _, name := range unknown {
			v.report(memberPath(p, name), CodeUnknownMember, "%s does not allow the member %q", cls.name, name)
		}
	}
}

func (v *validator) value(p *pathNode, val any, r *rule) {
	switch r.kind {
	case kString, kURI, kDateTime, kDate, kPattern:
		s, ok := val.(string)
		if !ok {
			v.report(p, CodeType, "expected a string, found %s", kindOf(val))
			return
		}
		switch r.kind {
		case kURI:
			if !isAbsoluteURI(s) {
				v.report(p, CodeURI, "%q is not an absolute URI", clip(s))
			}
		case kDateTime:
			if !isDateTime(s) {
				v.report(p, CodeDateTime, "%q is not an RFC 3339 date-time with a time zone", clip(s))
			}
		case kDate:
			if !isFullDate(s) {
				v.report(p, CodeDate, "%q is not a date (YYYY-MM-DD)", clip(s))
			}
		case kPattern:
			if !r.re.MatchString(s) {
				v.report(p, CodePattern, "%q is not a valid %s", clip(s), r.what)
			}
		}
	case kNumber:
		if _, ok := val.(json.Number); !ok {
			v.report(p, CodeType, "expected a number, found %s", kindOf(val))
		}
	case kBool:
		if _, ok := val.(bool); !ok {
			v.report(p, CodeType, "expected a boolean, found %s", kindOf(val))
		}
	case kEnum, kEnumExt:
		s, ok := val.(string)
		if !ok {
			v.report(p, CodeType, "expected a string, found %s", kindOf(val))
			return
		}
		if slices.Contains(r.enum, s) || (r.kind == kEnumExt && extTerm.MatchString(s)) {
			return
		}
		if r.kind == kEnumExt {
			v.report(p, CodeEnum, "%q is not in the %s vocabulary nor an extension term (\"ext:...\")", clip(s), r.what)
		} else {
			v.report(p, CodeEnum, "%q is not one of %s", clip(s), quoteList(r.enum))
		}
	case kTypes:
		v.types(p, val, r.types)
	case kObject:
		v.object(p, val, r.class)
	case kCredential:
		v.credential(p, val)
	case kProfileRef:
		switch t := val.(type) {
		case string:
			if !isAbsoluteURI(t) {
				v.report(p, CodeURI, "%q is not an absolute URI", clip(t))
			}
		case map[string]any:
			v.fields(p, t, clsProfile)
		default:
			v.report(p, CodeType, "expected a Profile object or its URI, found %s", kindOf(val))
		}
	case kContext:
		v.context(p, val)
	case kArray:
		a, ok := val.([]any)
		if !ok {
			if obj, isObj := val.(map[string]any); isObj && r.orOne {
				v.value(p, obj, r.elem)
				return
			}
			v.report(p, CodeType, "expected an array, found %s", kindOf(val))
			return
		}
		for i, it := range a {
			v.value(itemPath(p, i), it, r.elem)
		}
	}
}

// types checks a "type" set: an array of strings (in VC 1.1 also a single
// string) containing, for each entry of need, one of its alternatives.
func (v *validator) types(p *pathNode, val any, need [][]string) {
	var names []any
	switch t := val.(type) {
	case []any:
		names = t
	case string:
		if !v.vc1 {
			v.report(p, CodeType, "expected an array of type names, found a string")
			return
		}
		names = []any{t}
	default:
		v.report(p, CodeType, "expected an array of type names, found %s", kindOf(val))
		return
	}
	if len(names) == 0 {
		v.report(p, CodeMinItems, "the type set is empty")
		return
	}
	for i, it := range names {
		if _, ok := it.(string); !ok {
			at := p
			if _, isArray := val.([]any); isArray {
				at = itemPath(p, i)
			}
			v.report(at, CodeType, "expected a type name (a string), found %s", kindOf(it))
		}
	}
	for _, alts := range need {
		found := false
		for _, it := range names {
			if s, ok := it.(string); ok && slices.Contains(alts, s) {
				found = true
				break
			}
		}
		if !found {
			v.report(p, CodeTypeValue, "the type set must include %s", orList(alts))
		}
	}
}

// context checks "@context": an array whose first entry is the VC context,
// second an Open Badges 3.0 context, and others IRIs or context objects.
func (v *validator) context(p *pathNode, val any) {
	a, ok := val.([]any)
	if !ok {
		v.report(p, CodeType, "expected an array of contexts, found %s", kindOf(val))
		return
	}
	if len(a) < 2 {
		v.report(p, CodeMinItems, "expected at least two contexts (Verifiable Credentials and Open Badges 3.0), found %d", len(a))
	}
	want := ContextVC2
	if v.vc1 {
		want = ContextVC1
	}
	for i, it := range a {
		ip := itemPath(p, i)
		s, isString := it.(string)
		switch {
		case i == 0:
			if s != want || !isString {
				v.report(ip, CodeContext, "the first context must be %q", want)
			}
		case i == 1:
			if !isString {
				v.report(ip, CodeType, "expected the Open Badges 3.0 context IRI, found %s", kindOf(it))
			} else if !ob3Context.MatchString(s) {
				v.report(ip, CodeContext, "the second context must be an Open Badges 3.0 context, not %q", clip(s))
			}
		default:
			if _, isObj := it.(map[string]any); !isString && !isObj {
				v.report(ip, CodeType, "expected a context IRI or object, found %s", kindOf(it))
			}
		}
	}
}

// clip shortens long values (data: URIs) in messages.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 { // keep UTF-8 whole
		cut--
	}
	return s[:cut] + "…"
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func orList(alts []string) string {
	q := make([]string, len(alts))
	for i, s := range alts {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, " or ")
}
