package protobuf

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// input is one entry of --packages or --apimachinery-packages:
// "[+|-]import/path[=proto.package]".
type input struct {
	path      string
	protoName string
	allTypes  bool // no '+': every protoable type gets a message
	output    bool // no '-': its files are written
}

// parseInputs splits a comma-separated package list.
func parseInputs(list string) []input {
	var out []input
	for _, s := range strings.Split(list, ",") {
		if s == "" {
			continue
		}
		in := input{allTypes: true, output: true}
		switch s[0] {
		case '+':
			s, in.allTypes = s[1:], false
		case '-':
			s, in.output = s[1:], false
		}
		in.path, in.protoName, _ = strings.Cut(s, "=")
		if in.protoName == "" {
			in.protoName = strings.NewReplacer("/", ".", "-", "_").Replace(s)
		}
		out = append(out, in)
	}
	return out
}

// parseOmitted reads --drop-embedded-fields: "[import/path.]Type,...".
func parseOmitted(list string) (map[typeName]bool, error) {
	out := map[typeName]bool{}
	for _, s := range strings.Split(list, ",") {
		var n typeName
		if i := strings.LastIndex(s, "."); i >= 0 {
			n.Package, n.Name = s[:i], s[i+1:]
		} else {
			n.Name = s
		}
		if n.Name == "" {
			return nil, fmt.Errorf("--drop-embedded-fields: %q is not [IMPORT/PATH.]TYPENAME", s)
		}
		out[n] = true
	}
	return out, nil
}

// newPlan orders the packages (every package after the packages it
// imports, as upstream orders them) and assigns the types to them. A
// package listed twice takes its last entry's modifiers.
func newPlan(u *model.Universe, inputs []input, omit map[typeName]bool, warnf func(token.Position, string, ...any)) (*plan, error) {
	r := &plan{byPath: map[string]*pkg{}, omitFieldTypes: omit, universe: u, warnf: warnf}
	for _, in := range inputs {
		gp := u.Package(in.path)
		if gp == nil || !gp.Input {
			return nil, fmt.Errorf("package %s was not loaded", in.path)
		}
		p := r.byPath[in.path]
		if p == nil {
			p = &pkg{goPkg: gp, path: in.path}
			r.byPath[in.path] = p
			r.pkgs = append(r.pkgs, p)
		}
		p.protoName, p.allTypes, p.output = in.protoName, in.allTypes, in.output
	}
	slices.SortFunc(r.pkgs, func(a, b *pkg) int { return strings.Compare(a.path, b.path) })
	pos := importOrder(r.pkgs)
	slices.SortStableFunc(r.pkgs, func(a, b *pkg) int { return pos[a.path] - pos[b.path] })
	assignTypes(r.pkgs)
	return r, nil
}

// importOrder numbers the packages and everything they import so that
// each comes after its imports: rounds of the packages whose imports are
// all numbered, each round in path order, as upstream numbers them.
func importOrder(pkgs []*pkg) map[string]int {
	importers := map[string][]string{} // import → the packages importing it
	pending := map[string]int{}        // package → imports not yet numbered
	nodes := map[string]bool{}
	for _, p := range pkgs {
		nodes[p.path] = true
		for _, imp := range p.goPkg.Imports {
			nodes[imp] = true
			importers[imp] = append(importers[imp], p.path)
			pending[p.path]++
		}
	}
	var order []string
	for n := range nodes {
		if pending[n] == 0 {
			order = append(order, n)
		}
	}
	slices.Sort(order)
	for i := 0; i < len(order); i++ {
		var freed []string
		for _, q := range importers[order[i]] {
			if pending[q]--; pending[q] == 0 {
				freed = append(freed, q)
			}
		}
		slices.Sort(freed)
		order = append(order, freed...)
	}
	pos := map[string]int{}
	for i, n := range order {
		pos[n] = i
	}
	return pos
}
