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

// enums finds the +enum types of the input packages (string types tagged
// +enum) and their constants, on first use. As upstream, the types of
// dependencies are not enums: their declarations' comments are not read.
type enums struct {
	u     *model.Universe
	found map[string]*enum
}

func newEnums(u *model.Universe) *enums { return &enums{u: u, found: map[string]*enum{}} }

// of returns the enum that a field of type t holds, or nil.
func (es *enums) of(t *model.Type) *enum {
	if t.Kind == model.Pointer {
		t = t.Elem
	}
	if !t.IsNamed() {
		return nil
	}
	key := t.Name.String()
	if e, ok := es.found[key]; ok {
		return e
	}
	var e *enum
	if t.Kind == model.Defined && t.Underlying.Name == (model.Name{Name: "string"}) && tagsOf(t.Doc.Lines).has("enum") {
		e = es.collect(t)
	}
	es.found[key] = e
	return e
}

// collect gathers the constants of type t declared in the input
// packages. When several share a value, the one with the longest comment
// (then the smallest) describes it.
func (es *enums) collect(t *model.Type) *enum {
	e := &enum{}
	for _, p := range es.u.Inputs {
		for _, c := range p.Consts {
			if c.Type != t {
				continue
			}
			v := enumValue{name: c.Name, value: c.Value, comment: strings.Join(texts(c.Doc.Lines), " ")}
			j := slices.IndexFunc(e.values_, func(x enumValue) bool { return x.value == v.value })
			switch {
			case j < 0:
				e.values_ = append(e.values_, v)
			case len(e.values_[j].comment) < len(v.comment),
				len(e.values_[j].comment) == len(v.comment) && e.values_[j].comment > v.comment:
				e.values_[j] = v
			}
		}
	}
	return e
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
