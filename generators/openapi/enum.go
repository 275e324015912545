package openapi

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// enum is a string type tagged +enum, with the constants of that type.
type enum struct {
	values_ []enumValue
}

type enumValue struct {
	name, value, comment string
}

// enums are the +enum types of the loaded packages, by full type name.
type enums map[string]*enum

// findEnums collects the +enum string types of pkgs and their constants.
// When several constants share a value, the one with the longest comment
// (then the smallest) describes it.
func findEnums(pkgs []*model.Package) enums {
	out := enums{}
	for _, p := range pkgs {
		for _, t := range p.Types {
			if t.Kind == model.Defined && t.Underlying.Name == (model.Name{Name: "string"}) && tagsOf(t.Doc.Lines).has("enum") {
				out[t.Name.String()] = &enum{}
			}
		}
	}
	for _, p := range pkgs {
		for _, c := range p.Consts {
			e := out[c.Type.Name.String()]
			if e == nil {
				continue
			}
			v := enumValue{name: c.Name, value: c.Value, comment: strings.Join(texts(c.Doc.Lines), " ")}
			i := slices.IndexFunc(e.values_, func(x enumValue) bool { return x.value == v.value })
			switch {
			case i < 0:
				e.values_ = append(e.values_, v)
			case len(e.values_[i].comment) < len(v.comment),
				len(e.values_[i].comment) == len(v.comment) && e.values_[i].comment > v.comment:
				e.values_[i] = v
			}
		}
	}
	return out
}

// of returns the enum that a field of type t holds, or nil.
func (es enums) of(t *model.Type) *enum {
	if t.Kind == model.Pointer {
		t = t.Elem
	}
	if !t.IsNamed() {
		return nil
	}
	return es[t.Name.String()]
}

// values are the quoted values, sorted.
func (e *enum) values() []string {
	var out []string
	for _, v := range e.values_ {
		out = append(out, fmt.Sprintf("%q", v.value))
	}
	slices.Sort(out)
	return out
}

var spaces = regexp.MustCompile(`\s+`)

// descriptionLines are the comment lines that document the values.
func (e *enum) descriptionLines() []string {
	if len(e.values_) == 0 {
		return nil
	}
	var lines []string
	for _, v := range e.values_ {
		c := strings.TrimSpace(v.comment)
		c = strings.TrimSpace(strings.TrimPrefix(c, v.name))
		c = spaces.ReplaceAllString(c, " ")
		lines = append(lines, fmt.Sprintf(" - `%q` %s", v.value, c))
	}
	slices.Sort(lines)
	return append([]string{"", "Possible enum values:"}, lines...)
}
