// Package verify checks credentials offline and reports every check it ran.
package verify
