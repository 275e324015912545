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
// an optional +unionDiscriminator. Malformed unions are errors (upstream
// logs them and writes them anyway).
func parseUnions(t *model.Type) ([]union, error) {
	var out []union
	if tagsOf(t.Doc.Lines).has("union") {
		u, err := structUnion(t)
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
		us, err := parseUnions(m.Type)
		if err != nil {
			return nil, err
		}
		out = append(out, us...)
	}
	u, err := memberUnion(t)
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
		return model.PosErrorf(m.Pos, "union member %s: the json name %q is used twice", m.Name, name)
	}
	u.fields[name] = m.Name
	return nil
}

func (u *union) setDiscriminator(m *model.Member, name string) error {
	if u.discriminator != "" {
		return model.PosErrorf(m.Pos, "field %s: a second +unionDiscriminator (the first is %q); a union has one", m.Name, u.discriminator)
	}
	u.discriminator = name
	return nil
}

func structUnion(t *model.Type) (union, error) {
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
			return u, model.PosErrorf(m.Pos, "+union struct %s: embedded field %s is not allowed in a union struct", t.Name.Name, m.Name)
		case tags.has("unionDeprecated"):
			return u, model.PosErrorf(m.Pos, "+union struct %s: field %s may not be +unionDeprecated", t.Name.Name, m.Name)
		case tags.has("unionDiscriminator"):
			if err := u.setDiscriminator(m, name); err != nil {
				return u, err
			}
		default:
			if opt, err := isOptional(m); err != nil || !opt {
				return u, model.PosErrorf(m.Pos, "+union struct %s: member %s must be optional (+optional or omitempty)", t.Name.Name, m.Name)
			}
			if err := u.add(m, name); err != nil {
				return u, err
			}
		}
	}
	return u, nil
}

func memberUnion(t *model.Type) (*union, error) {
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
			if err := u.setDiscriminator(m, name); err != nil {
				return nil, err
			}
			disc = m
		}
		if tags.has("union") {
			return nil, posErr(tags["union"][0].Pos, "+union on field %s: the tag belongs on a struct type, not a field", m.Name)
		}
		if tags.has("unionDeprecated") {
			if opt, err := isOptional(m); err != nil || !opt {
				return nil, model.PosErrorf(m.Pos, "union member %s must be optional (+optional or omitempty)", m.Name)
			}
			if err := u.add(m, name); err != nil {
				return nil, err
			}
		}
	}
	if len(u.fields) == 0 {
		return nil, nil
	}
	seen := map[string]bool{}
	for _, goName := range u.fields {
		if seen[goName] {
			return nil, model.PosErrorf(t.Pos, "union of %s: field %s is used twice", t.Name.Name, goName)
		}
		seen[goName] = true
	}
	if _, ok := u.fields[u.discriminator]; ok && u.discriminator != "" {
		return nil, model.PosErrorf(disc.Pos, "field %s cannot be both the discriminator and a member of the union", disc.Name)
	}
	return u, nil
}
