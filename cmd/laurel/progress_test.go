package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/bulk"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name string
		p    bulk.Progress
		want string
	}{
		{"start", bulk.Progress{Done: 0, Total: 100}, "\r[                              ] 0/100 rows  0/s  ETA --:-- "},
		{"half way", bulk.Progress{Done: 50, Total: 100, Elapsed: 10 * time.Second}, "\r[###############               ] 50/100 rows  5/s  ETA 00:10 "},
		{"long job", bulk.Progress{Done: 1000, Total: 100000, Elapsed: 10 * time.Second}, "\r[                              ] 1000/100000 rows  100/s  ETA 16:30 "},
		{"done", bulk.Progress{Done: 100, Total: 100, Elapsed: 4 * time.Second}, "\r[##############################] 100/100 rows  25/s  ETA 00:00 "},
		{"more than planned", bulk.Progress{Done: 120, Total: 100, Elapsed: 4 * time.Second}, "\r[##############################] 120/100 rows  30/s  ETA --:-- "},
		{"no rows", bulk.Progress{}, "\r[                              ] 0/0 rows  0/s  ETA --:-- "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			progressLine(&b, tt.p)
			if b.String() != tt.want {
				t.Errorf("got  %q\nwant %q", b.String(), tt.want)
			}
		})
	}
}
