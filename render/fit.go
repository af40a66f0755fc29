package render

import (
	"math"
	"strings"
)

// lineHeight is the distance between baselines, in ems.
const lineHeight = 1.2

// fitted is text laid out to fit a box.
type fitted struct {
	size  float64
	lines []string
}

// fitText finds the largest size in [minSize, size] at which text fits
// maxW × maxH in at most maxLines lines. measure gives a string's width at
// size 1. With wrapFirst false (badges) the text is shrunk on one line
// first and wrapped only when that is not enough; with wrapFirst true
// (paragraphs) it is wrapped at full size first. ok is false when it does
// not fit even at minSize: the caller reports it, never cuts it.
func fitText(text string, size, minSize, maxW, maxH float64, maxLines int, wrapFirst bool, measure func(string) float64) (f fitted, ok bool) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" || size <= 0 || maxW <= 0 || maxH <= 0 {
		return fitted{}, false
	}
	if minSize <= 0 || minSize > size {
		minSize = size
	}
	w := measure(text)
	one := math.Min(size, maxH)
	if w > 0 {
		one = math.Min(one, maxW/w)
	}
	if one >= size-1e-9 || (!wrapFirst && one >= minSize) || maxLines <= 1 {
		if one >= minSize {
			return fitted{size: one, lines: []string{text}}, true
		}
		if maxLines <= 1 {
			return fitted{}, false
		}
	}
	words := strings.Fields(text)
	for s := size; ; s *= 0.96 {
		if s < minSize {
			s = minSize
		}
		lines := wrapWords(words, maxW/s, measure)
		if lines != nil && len(lines) <= maxLines && blockHeight(len(lines), s) <= maxH+1e-9 {
			if len(lines) == 2 {
				lines = balance(words, maxW/s, measure)
			}
			return fitted{size: s, lines: lines}, true
		}
		if s == minSize {
			return fitted{}, false
		}
	}
}

// blockHeight is the height n lines of size s need: one em for the
// last line, lineHeight for each line above it.
func blockHeight(n int, s float64) float64 { return s * (1 + lineHeight*float64(n-1)) }

// wrapWords breaks words greedily into lines no wider than width (at size
// 1); nil if a single word is wider.
func wrapWords(words []string, width float64, measure func(string) float64) []string {
	var lines []string
	cur := ""
	for _, w := range words {
		if measure(w) > width {
			return nil
		}
		if cur == "" {
			cur = w
			continue
		}
		if next := cur + " " + w; measure(next) <= width {
			cur = next
		} else {
			lines = append(lines, cur)
			cur = w
		}
	}
	return append(lines, cur)
}

// balance splits words into two lines of as equal a width as possible.
func balance(words []string, width float64, measure func(string) float64) []string {
	best, bestW := []string(nil), math.Inf(1)
	for i := 1; i < len(words); i++ {
		a, b := strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		if w := math.Max(measure(a), measure(b)); w <= width && w < bestW {
			best, bestW = []string{a, b}, w
		}
	}
	return best
}
