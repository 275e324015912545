// Package names spells type names the way the upstream generators do:
// Public ("Pod"), Private ("pod"), plurals ("Pods", "pods", "Ingresses",
// "Policies") with per-type exceptions from --plural-exceptions, and
// gengo's names of builtin types (Builtin).
package names

import (
	"fmt"
	"strings"
)

// Builtin is the name gengo (the type model of code-generator's tools)
// gives the builtin type called name: its universe has one builtin for
// int8, uint8 and byte, called byte, so generated code says
// make([]byte, n) for a []uint8 field.
func Builtin(name string) string {
	if name == "int8" || name == "uint8" {
		return "byte"
	}
	return name
}

// Public returns name with its first letter upper-cased.
func Public(name string) string {
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// Private returns name with its first letter lower-cased.
func Private(name string) string {
	if name == "" {
		return name
	}
	return strings.ToLower(name[:1]) + name[1:]
}

// Plurals pluralizes type names: an exception if there is one, else by
// the English-ish suffix rules of the upstream namer.
type Plurals map[string]string

// ParsePluralExceptions parses --plural-exceptions values, "Type:Plural".
func ParsePluralExceptions(values []string) (Plurals, error) {
	p := Plurals{}
	for _, v := range values {
		singular, plural, ok := strings.Cut(v, ":")
		if !ok || singular == "" || plural == "" {
			return nil, fmt.Errorf("--plural-exceptions: %q is not Type:PluralizedType", v)
		}
		p[singular] = plural
	}
	return p, nil
}

// Of returns the plural of the type name singular, e.g. "Ingresses".
func (p Plurals) Of(singular string) string {
	if plural, ok := p[singular]; ok {
		return plural
	}
	n := len(singular)
	if n < 2 {
		return singular
	}
	last, before := singular[n-1], singular[n-2]
	switch {
	case last == 's' || last == 'x' || last == 'z':
		return singular + "es"
	case last == 'y' && strings.IndexByte("bcdfghjklmnpqrstvwxyz", before) >= 0:
		return singular[:n-1] + "ies"
	case last == 'h' && (before == 'c' || before == 's'):
		return singular + "es"
	case last == 'e' && before == 'f':
		return singular[:n-2] + "ves"
	case last == 'f':
		return singular[:n-1] + "ves"
	}
	return singular + "s"
}
