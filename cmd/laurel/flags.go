package main

import (
	"errors"
	"flag"
)

// parseFlags parses flags that may come before, between or after the
// positional arguments, and returns the positional ones. When done is
// true the caller returns code: help was printed (exitOK) or the flags
// were wrong (exitUsage).
func parseFlags(fs *flag.FlagSet, args []string) (positional []string, code int, done bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, true
			}
			return nil, exitUsage, true
		}
		if fs.NArg() == 0 {
			return positional, 0, false
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
