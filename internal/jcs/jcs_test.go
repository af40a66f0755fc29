package jcs

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// Number serialisation samples from RFC 8785 Appendix B.
func TestFormatNumberRFC8785AppendixB(t *testing.T) {
	tests := []struct {
		bits uint64
		want string
	}{
		{0x0000000000000000, "0"},
		{0x8000000000000000, "0"},
		{0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"},
		{0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"},
		{0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"},
		{0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"},
		{0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"},
		{0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"},
		{0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	}
	for _, tt := range tests {
		got, err := FormatNumber(math.Float64frombits(tt.bits))
		if err != nil {
			t.Errorf("%#x: %v", tt.bits, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%#x: got %s, want %s", tt.bits, got, tt.want)
		}
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := FormatNumber(bad); !errors.Is(err, ErrUnsupportedValue) {
			t.Errorf("%v: err = %v, want ErrUnsupportedValue", bad, err)
		}
	}
}

func TestTransform(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// RFC 8785 section 3.2.3 sorting example.
		{"sorting", `{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`,
			"{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"},
		// RFC 8785 section 3.2.2 example.
		{"rfc example", `{
  "numbers": [333333333.33333329, 1E30, 4.50,
              2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`, "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"},
		{"nested", `{"b":[{"z":1,"a":{}}],"a":[]}`, `{"a":[],"b":[{"a":{},"z":1}]}`},
		{"scalar", ` "x" `, `"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Transform([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestTransformRejects(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"duplicate", `{"a":1,"a":2}`, ErrDuplicateKey},
		{"trailing", `{} x`, ErrInvalidJSON},
		{"trailing value", `1 2`, ErrInvalidJSON},
		{"bad utf8", "\"\xff\"", ErrInvalidJSON},
		{"truncated", `{"a":`, ErrInvalidJSON},
		{"huge number", `1e400`, ErrUnsupportedValue},
		{"deep", string(make([]byte, 0)) + repeat("[", MaxDepth+2) + repeat("]", MaxDepth+2), ErrTooDeep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Transform([]byte(tt.in)); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

// The W3C eddsa-jcs-2022 and ecdsa-jcs-2019 vectors publish the canonical
// form of their inputs.
func TestSpecVectors(t *testing.T) {
	root := spectest.Dir(t, "vectors")
	tests := []struct{ in, want string }{
		{"eddsa-jcs-2022/unsigned.json", "eddsa-jcs-2022/canonDocJCS.txt"},
		{"eddsa-jcs-2022/proofConfigJCS.json", "eddsa-jcs-2022/proofCanonJCS.txt"},
		{"ecdsa-jcs-2019/unsigned.json", "ecdsa-jcs-2019/p256/canonDocJCSECDSAP256.txt"},
		{"ecdsa-jcs-2019/p384/proofConfigJCSECDSAP384.json", "ecdsa-jcs-2019/p384/proofCanonJCSECDSAP384.txt"},
	}
	for _, tt := range tests {
		in, err := os.ReadFile(filepath.Join(root, tt.in))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(root, tt.want))
		if err != nil {
			t.Fatal(err)
		}
		got, err := Transform(in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if string(got) != string(want) {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.in, got, want)
		}
	}
}

func FuzzTransform(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x",null,true]}`, `"\u20ac"`, `[1e30,-0]`, `{"\ud83d\ude00":1,"\ufb33":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Transform(data)
		if err != nil {
			return
		}
		// Canonical output is a fixed point.
		again, err := Transform(out)
		if err != nil {
			t.Fatalf("canonical output does not parse: %v\n%s", err, out)
		}
		if string(again) != string(out) {
			t.Fatalf("not idempotent:\n%s\n%s", out, again)
		}
	})
}
