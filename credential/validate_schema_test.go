package credential

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/jsonx"
	"github.com/laurelhq/laurel/internal/spectest"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// This file checks the hand-written rules of Validate against the official
// OB 3.0 JSON Schemas (../shared/spec/schemas/ob3, loaded from local files
// only) on every OB 3.0 spec example and on systematic mutations of each.

const (
	schemaAchievement = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
	schemaEndorsement = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
	schemaProfile     = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json"
)

type schemaLoader func(string) (any, error)

func (f schemaLoader) Load(url string) (any, error) { return f(url) }

type ob3Schemas struct{ achievement, endorsement, profile *jsonschema.Schema }

// compileOB3Schemas compiles the official schemas from the shared spec
// folder; any URL not in its index.json is refused (never fetched).
func compileOB3Schemas(t testing.TB) ob3Schemas {
	t.Helper()
	root := spectest.Dir(t, "schemas")
	var index map[string]string
	if err := json.Unmarshal(spectest.Read(t, "schemas", "index.json"), &index); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // as the 1EdTech validator does: formats are assertions
	c.UseLoader(schemaLoader(func(url string) (any, error) {
		f, ok := index[strings.TrimSuffix(url, "#")]
		if !ok {
			return nil, fmt.Errorf("no local copy of %s (nothing is fetched)", url)
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, err
		}
		return jsonschema.UnmarshalJSON(bytes.NewReader(b))
	}))
	compile := func(url string) *jsonschema.Schema {
		s, err := c.Compile(url)
		if err != nil {
			t.Fatalf("compile %s: %v", url, err)
		}
		return s
	}
	return ob3Schemas{compile(schemaAchievement), compile(schemaEndorsement), compile(schemaProfile)}
}

type ob3Doc struct {
	name    string
	data    []byte
	profile bool // a standalone Profile rather than a credential
}

// ob3ExampleDocs returns every OB 3.0 example listed in examples/ob3/index.json
// (unsigned, embedded proof, and the credential inside each VC-JWT payload)
// plus the JSON credentials and profile of spec-misc.
func ob3ExampleDocs(t testing.TB) []ob3Doc {
	t.Helper()
	dir := spectest.Dir(t, "examples", "ob3")
	var index []struct {
		File          string `json:"file"`
		Form          string `json:"form"`
		PayloadLayout string `json:"payloadLayout"`
	}
	if err := json.Unmarshal(spectest.Read(t, "examples", "ob3", "index.json"), &index); err != nil {
		t.Fatal(err)
	}
	var docs []ob3Doc
	for _, e := range index {
		b, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		if e.Form == "vc-jwt" {
			parts := strings.Split(strings.TrimSpace(string(b)), ".")
			if len(parts) != 3 {
				t.Fatalf("%s: not a compact JWS", e.File)
			}
			var err error
			if b, err = base64URL(parts[1]); err != nil {
				t.Fatalf("%s: %v", e.File, err)
			}
			if strings.HasPrefix(e.PayloadLayout, "vc claim") { // VC-JWT 1.1: the credential is the vc claim
				b = rawMember(t, b, "vc")
			}
		}
		docs = append(docs, ob3Doc{name: e.File, data: b})
	}
	misc, _ := filepath.Glob(filepath.Join(dir, "spec-misc", "*.json"))
	for _, m := range misc {
		base := filepath.Base(m)
		if strings.HasPrefix(base, "jose-header") { // a JOSE header, not a badge object
			continue
		}
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ob3Doc{name: "spec-misc/" + base, data: b, profile: strings.Contains(base, "profile")})
	}
	if len(docs) < 130 {
		t.Fatalf("only %d OB 3.0 documents found", len(docs))
	}
	return docs
}

func base64URL(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }

func rawMember(t testing.TB, obj []byte, name string) []byte {
	t.Helper()
	var out []byte
	_ = jsonx.Members(obj, func(k string, v []byte) error {
		if k == name {
			out = v
		}
		return nil
	})
	if out == nil {
		t.Fatalf("no %q member", name)
	}
	return out
}

func decodeGeneric(t testing.TB, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b)) // json.Number for numbers
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// schemaErrors validates doc with the schema Validate would apply and
// returns the JSON paths (in Violation.Path form) of the leaf errors; for a
// missing required member the path of that member.
func (s ob3Schemas) schemaErrors(doc any, profile bool) []string {
	sch := s.achievement
	switch {
	case profile:
		sch = s.profile
	default:
		if m, ok := doc.(map[string]any); ok && typeNames(m["type"])["EndorsementCredential"] {
			sch = s.endorsement
		}
	}
	conv := doc
	if !profile {
		conv = toVC2(doc, "", false, true)
	}
	err := sch.Validate(conv)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{"$ (" + err.Error() + ")"}
	}
	var paths []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		p := pointerToPath(conv, e.InstanceLocation)
		if r, ok := e.ErrorKind.(*kind.Required); ok {
			for _, m := range r.Missing {
				paths = append(paths, p+pathKey(m))
			}
			return
		}
		paths = append(paths, p)
	}
	walk(ve)
	return paths
}

// pointerToPath renders JSON pointer tokens as a Violation path, using doc
// to tell array indexes from member names.
func pointerToPath(doc any, tokens []string) string {
	var b strings.Builder
	b.WriteByte('$')
	cur := doc
	for _, tok := range tokens {
		switch c := cur.(type) {
		case []any:
			i, _ := strconv.Atoi(tok)
			b.WriteString("[" + tok + "]")
			if i >= 0 && i < len(c) {
				cur = c[i]
			}
		case map[string]any:
			jsonx.AppendKey(&b, tok)
			cur = c[tok]
		default:
			jsonx.AppendKey(&b, tok)
		}
	}
	return b.String()
}

func pathKey(k string) string {
	var b strings.Builder
	jsonx.AppendKey(&b, k)
	return b.String()
}

// stringTypeKeys are the members whose objects have a single-string "type"
// in the schemas (IdentityObject, Image, IdentifierEntry, GeoCoordinates
// and the VC members).
var stringTypeKeys = map[string]bool{"identifier": true, "image": true, "otherIdentifier": true, "geo": true,
	"credentialStatus": true, "credentialSchema": true, "refreshService": true, "termsOfUse": true, "proof": true}

// toVC2 rewrites a credential written with the VC 1.1 data model in the
// VC 2.0 terms of the schemas, which is how Validate reads it: the VC 2.0
// context first, issuanceDate → validFrom, expirationDate → validUntil, a
// single proof → an array, single-string types → arrays. Credentials (the
// root and endorsements) choose by their own @context; other objects follow
// their credential.
func toVC2(val any, key string, vc1, isCredential bool) any {
	switch v := val.(type) {
	case map[string]any:
		if isCredential {
			vc1 = isVC1(v["@context"])
		}
		if !vc1 {
			out := make(map[string]any, len(v))
			for k, m := range v {
				out[k] = toVC2(m, k, false, false)
			}
			return out
		}
		out := make(map[string]any, len(v))
		for k, m := range v {
			out[k] = toVC2(m, k, true, false)
		}
		if isCredential {
			ctx := slices.Clone(v["@context"].([]any))
			ctx[0] = ContextVC2
			out["@context"] = ctx
			for from, to := range map[string]string{"issuanceDate": "validFrom", "expirationDate": "validUntil"} {
				if d, ok := out[from]; ok {
					delete(out, from)
					out[to] = d
				}
			}
			if p, ok := out["proof"].(map[string]any); ok {
				out["proof"] = []any{p}
			}
		}
		if s, ok := out["type"].(string); ok && !stringTypeKeys[key] {
			out["type"] = []any{s}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, it := range v {
			out[i] = toVC2(it, key, vc1, key == "endorsement")
		}
		return out
	}
	return val
}

// fromVC2Path maps a schema path of a converted VC 1.1 credential back to
// the member names of the original.
func fromVC2Path(p string) string {
	for from, to := range map[string]string{".validFrom": ".issuanceDate", ".validUntil": ".expirationDate"} {
		if strings.HasSuffix(p, from) {
			return strings.TrimSuffix(p, from) + to
		}
		p = strings.ReplaceAll(p, from+".", to+".")
	}
	return p
}

var contextItem = regexp.MustCompile(`\.@context\[(\d+)\]`)

// pathVariants returns p and the forms the schema library gives the same
// location:
//   - jsonschema v6.0.2 reports an error under "additionalItems" at the
//     index counted from the first additional item (validator.go, arrValidate:
//     strconv.Itoa(i) over arr[evaluated:]), so @context[n] (n ≥ 2) is
//     reported as @context[n-2];
//   - a VC 1.1 proof object is an array of one in the converted document.
func pathVariants(p string) []string {
	out := []string{p}
	if m := contextItem.FindStringSubmatchIndex(p); m != nil {
		if n, _ := strconv.Atoi(p[m[2]:m[3]]); n >= 2 {
			out = append(out, p[:m[2]]+strconv.Itoa(n-2)+p[m[3]:])
		}
	}
	for _, q := range out {
		if i := strings.Index(q, ".proof."); i >= 0 {
			out = append(out, q[:i]+".proof[0]."+q[i+len(".proof."):])
		} else if strings.HasSuffix(q, ".proof") {
			out = append(out, q+"[0]")
		}
	}
	return out
}

// related reports whether two paths name the same member or one contains
// the other.
func related(a, b string) bool {
	if a == b {
		return true
	}
	in := func(short, long string) bool {
		return strings.HasPrefix(long, short) && (long[len(short)] == '.' || long[len(short)] == '[')
	}
	return (len(a) < len(b) && in(a, b)) || (len(b) < len(a) && in(b, a))
}

type verdictStats struct {
	documents, agree, pathExact, pathRelated int
	knownURI, knownProof                     int
	mismatches                               []string
}

// compare runs Validate and the schema on one document and records the
// outcome.
func (st *verdictStats) compare(t *testing.T, s ob3Schemas, name string, doc any, profile bool) {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	st.documents++
	validate := Validate
	if profile {
		validate = ValidateProfile
	}
	var violations []Violation
	if err := validate(data, ValidateOptions{}); err != nil {
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: %v", name, err)
		}
		violations = ve.Violations
	}
	schemaPaths := s.schemaErrors(doc, profile)
	vc1 := false
	if m, ok := doc.(map[string]any); ok && !profile {
		vc1 = isVC1(m["@context"])
	}
	if vc1 {
		for i := range schemaPaths {
			schemaPaths[i] = fromVC2Path(schemaPaths[i])
		}
	}
	ours, theirs := len(violations) == 0, len(schemaPaths) == 0
	switch {
	case ours == theirs && ours:
		st.agree++
	case ours == theirs:
		st.agree++
		exact, rel := false, false
		for _, v := range violations {
			for _, sp := range schemaPaths {
				for _, ours := range pathVariants(v.Path) {
					exact = exact || ours == sp
					rel = rel || related(ours, sp)
				}
			}
		}
		switch {
		case exact:
			st.pathExact++
		case rel:
			st.pathRelated++
		default:
			st.mismatches = append(st.mismatches, fmt.Sprintf("%s: no violation path matches the schema's\n  ours:   %v\n  schema: %v", name, violations, schemaPaths))
		}
	case !ours && onlyCodes(violations, CodeURI):
		// Known difference: the schemas type URI members as plain strings.
		st.knownURI++
	case ours && allSuffixed(schemaPaths, ".proof"):
		// Known difference: a single proof object, which VC Data Integrity
		// allows and the schemas do not.
		st.knownProof++
	default:
		st.mismatches = append(st.mismatches, fmt.Sprintf("%s: Validate valid=%v, schema valid=%v\n  ours:   %v\n  schema: %v", name, ours, theirs, violations, schemaPaths))
	}
}

// allSuffixed reports whether every schema error path ends with suffix,
// ignoring paths that only contain another error's path (the location of a
// failed oneOf, such as $.issuer for $.issuer.endorsement[0].proof).
func allSuffixed(paths []string, suffix string) bool {
	for _, p := range paths {
		if strings.HasSuffix(p, suffix) {
			continue
		}
		container := false
		for _, q := range paths {
			container = container || (len(q) > len(p) && related(p, q))
		}
		if !container {
			return false
		}
	}
	return len(paths) > 0
}

func onlyCodes(vs []Violation, codes ...Code) bool {
	for _, v := range vs {
		if !slices.Contains(codes, v.Code) {
			return false
		}
	}
	return len(vs) > 0
}

// schemaAll runs the schema comparison over the mutations of every example
// (tens of thousands of documents, a minute or more); by default only the VC
// 2.0 unsigned examples are mutated. .ci/run sets it.
var schemaAll = flag.Bool("schema.all", false, "compare Validate with the official schemas on the mutations of every example")

func TestValidateAgreesWithOfficialSchemas(t *testing.T) {
	schemas := compileOB3Schemas(t)
	docs := ob3ExampleDocs(t)
	var examples, mutations verdictStats
	invalidExamples := 0
	for _, d := range docs {
		doc := decodeGeneric(t, d.data)
		examples.compare(t, schemas, d.name, doc, d.profile)
		if err := validateDoc(d); err != nil {
			invalidExamples++
			t.Logf("example %s does not conform: %v", d.name, err)
		}
		// Signed and JWT forms repeat the unsigned credential: mutate only
		// what they add. Without -schema.all only the VC 2.0 unsigned
		// examples are mutated.
		keep := func(string) bool { return true }
		switch {
		case !*schemaAll && !(strings.Contains(d.name, "-vc2-") && strings.HasSuffix(d.name, ".unsigned.json")):
			continue
		case strings.HasSuffix(d.name, ".signed-di.json"):
			keep = func(k string) bool { return k == "proof" }
		case strings.HasSuffix(d.name, ".jwt"):
			keep = func(k string) bool {
				return slices.Contains([]string{"iss", "sub", "jti", "nbf", "exp", "iat", "aud"}, k)
			}
		}
		for _, m := range mutate(doc, keep) {
			mutations.compare(t, schemas, d.name+" "+m.desc, m.doc, d.profile)
		}
	}
	for _, st := range []*verdictStats{&examples, &mutations} {
		for i, m := range st.mismatches {
			if i == 20 {
				t.Errorf("... and %d more mismatches", len(st.mismatches)-20)
				break
			}
			t.Error(m)
		}
	}
	t.Logf("examples: %d documents (%d not conformant), %d same verdict, %d with a violation at a schema error path, %d at a related path, %d URI-only differences",
		examples.documents, invalidExamples, examples.agree, examples.pathExact, examples.pathRelated, examples.knownURI)
	t.Logf("mutations: %d documents, %d same verdict, %d with a violation at a schema error path, %d at a related path; known differences: %d URI-only (schemas do not check URIs), %d single proof object; %d unexplained",
		mutations.documents, mutations.agree, mutations.pathExact, mutations.pathRelated, mutations.knownURI, mutations.knownProof, len(mutations.mismatches))
}

func validateDoc(d ob3Doc) error {
	if d.profile {
		return ValidateProfile(d.data, ValidateOptions{})
	}
	return Validate(d.data, ValidateOptions{})
}

type mutation struct {
	desc string
	doc  any
}

// mutate returns systematic mutations of doc: each member deleted; each
// value replaced by a value of every other JSON type; each string replaced
// by an invalid and by an "ext:" value; each date-time broken three ways;
// each array emptied, and replaced by its item when it has one; each item of an array of strings (type sets) removed.
// Only members of the root accepted by keepTop (and their contents) are
// mutated.
func mutate(doc any, keepTop func(string) bool) []mutation {
	var out []mutation
	others := []any{"x", json.Number("7"), true, nil, map[string]any{}, []any{}}
	var walk func(path []any, val any)
	walk = func(path []any, val any) {
		desc := func(what string) string { return fmt.Sprintf("%v %s", path, what) }
		add := func(what string, nv any) {
			out = append(out, mutation{desc(what), setAt(doc, path, nv)})
		}
		if len(path) > 0 {
			for _, o := range others {
				if kindOf(o) != kindOf(val) {
					add("→ "+kindOf(o), o)
				}
			}
		}
		switch v := val.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(mapKeys(v)) {
				if len(path) == 0 && !keepTop(k) {
					continue
				}
				p := append(slices.Clone(path), k)
				out = append(out, mutation{fmt.Sprintf("%v deleted", p), deleteAt(doc, p)})
				walk(p, v[k])
			}
		case []any:
			if len(v) > 0 {
				add("emptied", []any{})
			}
			if len(v) == 1 { // a single value where an array is expected
				add("unwrapped", v[0])
			}
			allStrings := true
			for _, it := range v {
				if _, ok := it.(string); !ok {
					allStrings = false
				}
			}
			if allStrings {
				for i := range v {
					add(fmt.Sprintf("without item %d", i), slices.Delete(slices.Clone(v), i, i+1))
				}
			}
			for i, it := range v {
				walk(append(slices.Clone(path), i), it)
			}
		case string:
			add("→ invalid string", "not valid")
			add("→ ext: term", "ext:Custom")
			if isDateTime(v) && len(v) >= 19 {
				add("date only", v[:10])
				add("without zone", v[:19])
				add("impossible day", "2010-02-30"+v[10:])
			}
		}
	}
	walk(nil, doc)
	return out
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// setAt returns a copy of doc with the value at path replaced (copying
// only along the path).
func setAt(doc any, path []any, nv any) any {
	if len(path) == 0 {
		return nv
	}
	switch c := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(c))
		for k, v := range c {
			out[k] = v
		}
		k := path[0].(string)
		out[k] = setAt(c[k], path[1:], nv)
		return out
	case []any:
		out := slices.Clone(c)
		i := path[0].(int)
		out[i] = setAt(c[i], path[1:], nv)
		return out
	}
	return doc
}

// deleteAt returns a copy of doc without the member at path.
func deleteAt(doc any, path []any) any {
	parent := path[:len(path)-1]
	key := path[len(path)-1].(string)
	var del func(cur any, p []any) any
	del = func(cur any, p []any) any {
		if len(p) == 0 {
			m := cur.(map[string]any)
			out := make(map[string]any, len(m))
			for k, v := range m {
				if k != key {
					out[k] = v
				}
			}
			return out
		}
		switch c := cur.(type) {
		case map[string]any:
			out := make(map[string]any, len(c))
			for k, v := range c {
				out[k] = v
			}
			k := p[0].(string)
			out[k] = del(c[k], p[1:])
			return out
		case []any:
			out := slices.Clone(c)
			i := p[0].(int)
			out[i] = del(c[i], p[1:])
			return out
		}
		return cur
	}
	return del(doc, parent)
}
