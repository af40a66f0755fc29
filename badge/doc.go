// Package badge bakes credentials into PNG and SVG badge images and extracts them.
package badge
