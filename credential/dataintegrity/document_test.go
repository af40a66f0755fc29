package dataintegrity

import (
	"encoding/json"
	"testing"
)

func TestInsertProof(t *testing.T) {
	proof := `{"type":"P","proofValue":"z1"}`
	tests := []struct{ name, in, want string }{
		{"compact", `{"a":1}`, `{"a":1,"proof":{"type":"P","proofValue":"z1"}}`},
		{"empty object", `{}`, `{"proof":{"type":"P","proofValue":"z1"}}`},
		{"spaced", `{"a": 1, "b": [1, 2]}`, `{"a": 1, "b": [1, 2], "proof":{"type":"P","proofValue":"z1"}}`},
		{"indented", "{\n  \"a\": 1\n}\n", "{\n  \"a\": 1,\n  \"proof\": {\n    \"type\": \"P\",\n    \"proofValue\": \"z1\"\n  }\n}\n"},
		{"existing object", `{"proof":{"type":"Q"},"a":1}`, `{"proof":[{"type":"Q"},{"type":"P","proofValue":"z1"}],"a":1}`},
		{"existing array", `{"a":1,"proof":[{"type":"Q"}]}`, `{"a":1,"proof":[{"type":"Q"},{"type":"P","proofValue":"z1"}]}`},
		{"existing empty array", `{"proof":[]}`, `{"proof":[{"type":"P","proofValue":"z1"}]}`},
		{"indented array", "{\n  \"proof\": [\n    {\"type\": \"Q\"}\n  ]\n}", "{\n  \"proof\": [\n    {\"type\": \"Q\"},\n    {\n      \"type\": \"P\",\n      \"proofValue\": \"z1\"\n    }\n  ]\n}"},
		{"keeps escapes and order", `{"z":"\u00e9","a":1.50}`, `{"z":"\u00e9","a":1.50,"proof":{"type":"P","proofValue":"z1"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := insertProof([]byte(tt.in), []byte(proof))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Error("output is not valid JSON")
			}
		})
	}
	for _, bad := range []string{`[]`, `"x"`, `{"a":}`, `{"a":1`} {
		if _, err := insertProof([]byte(bad), []byte(proof)); err == nil {
			t.Errorf("insertProof(%s) succeeded", bad)
		}
	}
}
