// Package internal holds helpers shared by Laurel's packages; it is not a public API.
package internal
