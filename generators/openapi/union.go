package openapi

import (
	"slices"

	"github.com/kubegen/kubegen/generators/model"
)

// union is one x-kubernetes-unions entry: the discriminator's json name
// (optional) and, for each member's json name, its Go name.
type union struct {
	discriminator string
	fields        map[string]string
}

func (u *union) write(o *out) {
	o.p("map[string]interface{}{\n")
	if u.discriminator != "" {
		o.p("\"discriminator\": %q,\n", u.discriminator)
	}
	o.p("\"fields-to-discriminateBy\": map[string]interface{}{\n")
	for _, k := range slices.Sorted(mapsKeys(u.fields)) {
		o.p("%q: %q,\n", k, u.fields[k])
	}
	o.p("},\n},\n")
}

// parseUnions finds the unions of struct t: t itself tagged +union, the
// unions of its inlined members, and members tagged +unionDeprecated with
// an optional +unionDiscriminator. A malformed union is written as
// upstream writes it (which only logs the problem), with a warning; a
// json name used twice in one union is an error (upstream panics).
func parseUnions(t *model.Type, warn warnFunc) ([]union, error) {
	var out []union
	if tagsOf(t.Doc.Lines).has("union") {
		u, err := structUnion(t, warn)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	for i := range t.Members {
		m := &t.Members[i]
		if hasGenValue(m.Doc.Lines, "false") || !inlined(m) {
			continue
		}
		us, err := parseUnions(m.Type, warn)
		if err != nil {
			return nil, err
		}
		out = append(out, us...)
	}
	u, err := memberUnion(t, warn)
	if err != nil {
		return nil, err
	}
	if u != nil {
		out = append(out, *u)
	}
	return out, nil
}

func (u *union) add(m *model.Member, name string) error {
	if _, dup := u.fields[name]; dup {
		return model.PosErrorf(m.Pos, "union member %s: the json name %q is used twice (upstream openapi-gen panics here); give the members distinct json names", m.Name, name)
	}
	u.fields[name] = m.Name
	return nil
}

// setDiscriminator sets the discriminator; a second one replaces the
// first, as upstream, with a warning.
func (u *union) setDiscriminator(m *model.Member, name string, warn warnFunc) {
	if u.discriminator != "" {
		warn(m.Pos, "field %s: a second +unionDiscriminator (the first is %q); a union has one, and this one replaces it", m.Name, u.discriminator)
	}
	u.discriminator = name
}

func structUnion(t *model.Type, warn warnFunc) (union, error) {
	u := union{fields: map[string]string{}}
	for i := range t.Members {
		m := &t.Members[i]
		name := jsonName(m)
		if name == "" {
			continue
		}
		tags := tagsOf(m.Doc.Lines)
		switch {
		case inlined(m):
			warn(m.Pos, "+union struct %s: embedded field %s is not allowed in a union struct; it is left out of the union", t.Name.Name, m.Name)
		case tags.has("unionDeprecated"):
			warn(m.Pos, "+union struct %s: field %s may not be +unionDeprecated; it is left out of the union", t.Name.Name, m.Name)
		case tags.has("unionDiscriminator"):
			u.setDiscriminator(m, name, warn)
		default:
			if opt, err := isOptional(m); err != nil || !opt {
				warn(m.Pos, "+union struct %s: member %s must be optional (+optional or omitempty)", t.Name.Name, m.Name)
			}
			if err := u.add(m, name); err != nil {
				return u, err
			}
		}
	}
	return u, nil
}

func memberUnion(t *model.Type, warn warnFunc) (*union, error) {
	u := &union{fields: map[string]string{}}
	var disc *model.Member
	for i := range t.Members {
		m := &t.Members[i]
		name := jsonName(m)
		if name == "" || inlined(m) {
			continue
		}
		tags := tagsOf(m.Doc.Lines)
		if tags.has("unionDiscriminator") {
			u.setDiscriminator(m, name, warn)
			disc = m
		}
		if tags.has("union") {
			warn(tags["union"][0].Line.Pos, "+union on field %s: the tag belongs on a struct type, not a field; the field is left out of the union", m.Name)
			continue
		}
		if tags.has("unionDeprecated") {
			if opt, err := isOptional(m); err != nil || !opt {
				warn(m.Pos, "union member %s must be optional (+optional or omitempty)", m.Name)
			}
			if err := u.add(m, name); err != nil {
				return nil, err
			}
		}
	}
	if len(u.fields) == 0 {
		return nil, nil
	}
	if _, ok := u.fields[u.discriminator]; ok && u.discriminator != "" {
		warn(disc.Pos, "field %s cannot be both the discriminator and a member of the union", disc.Name)
	}
	return u, nil
}
