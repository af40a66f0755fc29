// Package examples holds runnable examples and the sample design gallery.
package examples
