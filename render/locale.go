package render

import (
	"fmt"
	"sort"
	"time"
)

// monthNames per locale, January first.
var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"it": {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	"pt": {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
}

// Locales lists the locales dates can be written in.
func Locales() []string {
	out := make([]string, 0, len(monthNames))
	for l := range monthNames {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// FormatDate writes t's calendar date (in t's location) the way locale
// writes it in running text: "March 5, 2026", "5 mars 2026" ("1er mars"),
// "5. März 2026", "5 de marzo de 2026". The zero time gives "".
func FormatDate(t time.Time, locale string) (string, error) {
	names, ok := monthNames[locale]
	if !ok {
		return "", fmt.Errorf("unknown locale %q (known: %v)", locale, Locales())
	}
	if t.IsZero() {
		return "", nil
	}
	d, m, y := t.Day(), names[t.Month()-1], t.Year()
	switch locale {
	case "en":
		return fmt.Sprintf("%s %d, %d", m, d, y), nil
	case "fr":
		if d == 1 {
			return fmt.Sprintf("1er %s %d", m, y), nil
		}
		return fmt.Sprintf("%d %s %d", d, m, y), nil
	case "de":
		return fmt.Sprintf("%d. %s %d", d, m, y), nil
	case "es", "pt":
		return fmt.Sprintf("%d de %s de %d", d, m, y), nil
	default: // it, nl
		return fmt.Sprintf("%d %s %d", d, m, y), nil
	}
}
