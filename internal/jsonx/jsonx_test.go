package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

func TestCheck(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		name     string
		in       string
		lim      Limits
		want     error // nil for valid
		wantPath string
		wantOff  int64
	}{
		{"object", `{"a":1,"b":[true,false,null],"c":{"d":"e"}}`, Limits{}, nil, "", 0},
		{"scalar", ` -12.5e+3 `, Limits{}, nil, "", 0},
		{"string escapes", `"\u00e9\n\/\"\ud83d\ude00"`, Limits{}, nil, "", 0},
		{"same key in sibling objects", `[{"a":1},{"a":2}]`, Limits{}, nil, "", 0},
		{"empty", ``, Limits{}, ErrSyntax, "$", 0},
		{"trailing", `{} {}`, Limits{}, ErrSyntax, "$", 3},
		{"trailing comma", `[1,]`, Limits{}, ErrSyntax, "$[1]", 3},
		{"leading zero", `01`, Limits{}, ErrSyntax, "$", 1},
		{"bad fraction", `1.`, Limits{}, ErrSyntax, "$", 2},
		{"bom", "\ufeff{}", Limits{}, ErrSyntax, "$", 0},
		{"single quotes", `{'a':1}`, Limits{}, ErrSyntax, "$", 1},
		{"control char", "\"a\tb\"", Limits{}, ErrSyntax, "$", 2},
		{"bad escape", `"\x"`, Limits{}, ErrSyntax, "$", 1},
		{"duplicate", `{"a":1,"a":2}`, Limits{}, ErrDuplicateKey, "$.a", 7},
		{"duplicate escaped", `{"a":1,"\u0061":2}`, Limits{}, ErrDuplicateKey, "$.a", 7},
		{"duplicate deep", `{"credentialSubject":{"achievement":{"name":"x","name":"y"}}}`, Limits{}, ErrDuplicateKey, "$.credentialSubject.achievement.name", 48},
		{"duplicate in array", `{"proof":[{},{"type":1,"type":2}]}`, Limits{}, ErrDuplicateKey, "$.proof[1].type", 23},
		{"duplicate odd key", `{"a b":1,"a b":2}`, Limits{}, ErrDuplicateKey, `$["a b"]`, 9},
		{"invalid utf8 in string", "{\"a\":\"\xff\"}", Limits{}, ErrInvalidUTF8, "$.a", 6},
		{"overlong utf8", "\"\xc0\xaf\"", Limits{}, ErrInvalidUTF8, "$", 1},
		{"invalid utf8 outside string", "[\xff]", Limits{}, ErrSyntax, "$[0]", 1},
		{"lone high surrogate", `"\ud800x"`, Limits{}, ErrInvalidUTF8, "$", 1},
		{"lone low surrogate", `"\udc00"`, Limits{}, ErrInvalidUTF8, "$", 1},
		{"reversed surrogates", `"\udc00\ud800"`, Limits{}, ErrInvalidUTF8, "$", 1},
		{"too large", `"abcdef"`, Limits{MaxBytes: 4}, ErrTooLarge, "$", 4},
		{"default depth ok", deep(64), Limits{}, nil, "", 0},
		{"default depth exceeded", deep(65), Limits{}, ErrTooDeep, "$" + strings.Repeat("[0]", 64), 64},
		{"custom depth", `{"a":{"b":{}}}`, Limits{MaxDepth: 2}, ErrTooDeep, "$.a.b", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check([]byte(tt.in), tt.lim)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Check = %v, want %v", err, tt.want)
			}
			var je *Error
			if !errors.As(err, &je) {
				t.Fatalf("error %T is not *Error", err)
			}
			if je.Path != tt.wantPath || je.Offset != tt.wantOff {
				t.Errorf("path %q offset %d, want %q %d", je.Path, je.Offset, tt.wantPath, tt.wantOff)
			}
			if !strings.HasPrefix(err.Error(), "jsonx: ") {
				t.Errorf("message %q lacks prefix", err)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	var v struct{ A []int }
	if err := Decode([]byte(`{"A":[1,2]}`), Limits{}, &v); err != nil || len(v.A) != 2 {
		t.Fatalf("Decode = %v, %v", v, err)
	}
	if err := Decode([]byte(`{"A":[1],"A":[2]}`), Limits{}, &v); !errors.Is(err, ErrDuplicateKey) {
		t.Fatalf("Decode duplicate = %v", err)
	}
}

func TestMembersElements(t *testing.T) {
	var got []string
	err := Members([]byte(` {"b":[1, 2],"\u0061":{"x":"y"},"c":{}} `), func(name string, v []byte) error {
		got = append(got, name+"="+string(v))
		return Elements([]byte(` [ ] `), func(int, []byte) error { return errors.New("no elements expected") })
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{`b=[1, 2]`, `a={"x":"y"}`, `c={}`}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q want %q", got, want)
	}
	var idx []int
	if err := Elements([]byte(`[1,"2",{}]`), func(i int, v []byte) error { idx = append(idx, i); return nil }); err != nil || len(idx) != 3 {
		t.Fatalf("Elements = %v %v", idx, err)
	}
	for _, bad := range []string{`[]`, `{"a":1,}`, `{"a" 1}`, `{} x`} {
		if err := Members([]byte(bad), func(string, []byte) error { return nil }); !errors.Is(err, ErrSyntax) {
			t.Errorf("Members(%s) = %v", bad, err)
		}
	}
}

func TestSpecExamples(t *testing.T) {
	b := spectest.Read(t, "vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json")
	if err := Check(b, Limits{}); err != nil {
		t.Fatal(err)
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"\ud83d\ude00"`, `{"a":1,"a":2}`, `[[[[]]]]`, `-0.1e-5`, "\"\xff\"", `{"\u0061":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data, Limits{MaxDepth: 20})
		valid := json.Valid(data)
		if err == nil {
			if !valid {
				t.Fatalf("Check accepted invalid JSON %q", data)
			}
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			var v any
			if uerr := dec.Decode(&v); uerr != nil {
				t.Fatalf("Unmarshal after Check: %v", uerr)
			}
			// Members and Elements walk every checked object and array.
			n := 0
			var merr error
			switch v := v.(type) {
			case map[string]any:
				merr = Members(data, func(name string, val []byte) error {
					n++
					if _, ok := v[name]; !ok || Check(val, Limits{MaxDepth: 20}) != nil {
						t.Fatalf("Members gave %q=%q", name, val)
					}
					return nil
				})
				if n != len(v) {
					t.Fatalf("Members saw %d of %d members", n, len(v))
				}
			case []any:
				merr = Elements(data, func(int, []byte) error { n++; return nil })
				if n != len(v) {
					t.Fatalf("Elements saw %d of %d elements", n, len(v))
				}
			}
			if merr != nil {
				t.Fatalf("Members/Elements: %v", merr)
			}
			return
		}
		var je *Error
		if !errors.As(err, &je) || je.Offset < 0 || je.Offset > int64(len(data)) || !strings.HasPrefix(je.Path, "$") {
			t.Fatalf("bad error %#v", err)
		}
		if valid && !errors.Is(err, ErrDuplicateKey) && !errors.Is(err, ErrInvalidUTF8) && !errors.Is(err, ErrTooDeep) {
			t.Fatalf("Check rejected valid JSON %q: %v", data, err)
		}
	})
}
