// Package render draws badge images and certificate PDFs from declarative designs.
package render
