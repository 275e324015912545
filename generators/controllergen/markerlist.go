package controllergen

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/controllergen/crd"
	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/controllergen/rbac"
	"github.com/kubegen/kubegen/generators/controllergen/webhook"
)

// markersOf are the marker registries of the generators, for -w.
var markersOf = map[string]func() *markers.Registry{
	"object":             func() *markers.Registry { return objectMarkers },
	"crd":                crd.Markers,
	"schemapatch":        crd.Markers,
	"rbac":               rbac.Markers,
	"webhook":            webhook.Markers,
	"applyconfiguration": crd.ApplyMarkers,
}

// listMarkers writes, for -w, the markers each generator of cfg reads,
// as controller-gen's -w lays out its first lines: the generator's name,
// then one line per marker with its syntax and target (kubegen has no
// help texts).
func listMarkers(w io.Writer, cfg *config) {
	for _, g := range cfg.generators {
		fmt.Fprintf(w, "\n%s\n\n", g.name)
		defs := markersOf[g.name]().All()
		slices.SortStableFunc(defs, func(a, b *markers.Def) int { return strings.Compare(a.Name, b.Name) })
		for _, d := range defs {
			fmt.Fprintf(w, "%s  %s\n", syntax(d), d.Target)
		}
	}
}

// syntax is a definition's syntax as controller-gen writes it: "+name",
// "+name=<kind>" or "+name[:a=<kind>],b=<kind>", optional arguments in
// brackets.
func syntax(d *markers.Def) string {
	var b strings.Builder
	b.WriteString("+" + d.Name)
	if a, ok := d.Args[""]; ok && len(d.Args) == 1 {
		if a.Optional {
			b.WriteString("[=" + kindName(a) + "]")
		} else {
			b.WriteString("=" + kindName(a))
		}
		return b.String()
	}
	for i, name := range slices.Sorted(maps.Keys(d.Args)) {
		sep := ","
		if i == 0 {
			sep = ":"
		}
		arg := fmt.Sprintf("%s%s=%s", sep, name, kindName(d.Args[name]))
		if d.Args[name].Optional {
			arg = "[" + arg + "]"
		}
		b.WriteString(arg)
	}
	return b.String()
}

func kindName(a markers.Arg) string {
	return "<" + kindText(a) + ">"
}

func kindText(a markers.Arg) string {
	switch a.Kind {
	case markers.Int:
		return "int"
	case markers.Number:
		return "" // as controller-gen shows it
	case markers.String:
		return "string"
	case markers.Raw:
		return "raw"
	case markers.Bool:
		return "bool"
	case markers.Slice:
		return "[]" + kindText(*a.Item)
	case markers.Map:
		return "map[string]" + kindText(*a.Item)
	}
	return "any"
}
