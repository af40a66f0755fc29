module github.com/laurelhq/laurel

go 1.26.0

require (
	github.com/go-jose/go-jose/v4 v4.1.8
	github.com/piprate/json-gold v0.9.1
	golang.org/x/text v0.43.0
)

require (
	github.com/cayleygraph/quad v1.3.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/pquerna/cachecontrol v0.2.0 // indirect
	github.com/stretchr/testify v1.11.1 // indirect
)
