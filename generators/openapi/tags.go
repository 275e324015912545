package openapi

import (
	"encoding/json"
	"fmt"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// commentTags are a declaration's "+key=value" and "+key" lines, read as
// the upstream tools read them (see model.ExtractTags).
type commentTags map[string][]model.TagValue

func tagsOf(lines []model.Line) commentTags { return model.ExtractTags(lines) }

func (c commentTags) has(key string) bool { return len(c[key]) > 0 }

func (c commentTags) values(key string) []string {
	var out []string
	for _, v := range c[key] {
		out = append(out, v.Value)
	}
	return out
}

// single returns the one value of key, or "" if absent; several values
// are an error.
func (c commentTags) single(key string, where model.Line) (string, error) {
	vs := c[key]
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return vs[0].Value, nil
	}
	return "", posErr(vs[1].Line, "+%s is given %d times; give it once", key, len(vs))
}

func posErr(l model.Line, format string, args ...any) error {
	return model.PosErrorf(l.Pos, format, args...)
}

// The +k8s:openapi-gen tag and its values.
const (
	genTag          = "k8s:openapi-gen"
	modelPackageTag = "k8s:openapi-model-package"
)

func hasGenValue(lines []model.Line, value string) bool {
	return slices.Contains(tagsOf(lines).values(genTag), value)
}

// jsonTag returns the json struct tag of m and whether it has one.
func jsonTag(m *model.Member) (string, bool) {
	return reflect.StructTag(m.Tag).Lookup("json")
}

// jsonName is the property name of m: its json name, its Go name without
// a json tag, "" for json:"-".
func jsonName(m *model.Member) string {
	tag, _ := jsonTag(m)
	if tag == "" {
		return m.Name
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" {
		return ""
	}
	return name
}

func hasOmitempty(m *model.Member) bool {
	tag, _ := jsonTag(m)
	return strings.HasSuffix(tag, ",omitempty") || strings.Contains(tag, ",omitempty,")
}

// inlined reports whether m is an embedded field whose properties are
// lifted into the parent (json:",inline" or an empty json name).
func inlined(m *model.Member) bool {
	tag, ok := jsonTag(m)
	return m.Embedded && ok && (tag == "" || strings.HasPrefix(tag, ","))
}

// isOptional: +optional, +required, else omitempty decides.
func isOptional(m *model.Member) (bool, error) {
	tags := tagsOf(m.Doc.Lines)
	opt, req := tags.has("optional"), tags.has("required")
	switch {
	case opt && req:
		return false, posErr(tags["required"][0].Line, "field %s is tagged both +optional and +required; keep one", m.Name)
	case req:
		return false, nil
	case opt:
		return true, nil
	}
	return hasOmitempty(m), nil
}

// extension is one vendor extension written from comment tags.
type extension struct {
	name   string // x-kubernetes-…
	values []string
	array  bool // always written as a list
}

type extensionTag struct {
	xName   string
	allowed []string // the values allowed; nil: any
	array   bool     // always written as a list
}

// extensionTags are the comment tags that become vendor extensions.
var extensionTags = map[string]extensionTag{
	"listMapKey":    {xName: "x-kubernetes-list-map-keys", array: true},
	"listType":      {xName: "x-kubernetes-list-type", allowed: []string{"atomic", "map", "set"}},
	"mapType":       {xName: "x-kubernetes-map-type", allowed: []string{"atomic", "granular"}},
	"patchMergeKey": {xName: "x-kubernetes-patch-merge-key"},
	"patchStrategy": {xName: "x-kubernetes-patch-strategy"},
	"structType":    {xName: "x-kubernetes-map-type", allowed: []string{"atomic", "granular"}},
	"validations":   {xName: "x-kubernetes-validations"},
}

// warnFunc reports a problem upstream lets pass (run.Context.Warnf).
type warnFunc func(pos token.Position, format string, args ...any)

// parseExtensions returns the extensions that comment lines ask for:
// "+k8s:openapi-gen=x-…:value" ones first, then the tags of
// extensionTags in name order. An "x-…" value without ":value" is left
// out with a warning, as upstream leaves it out (and logs it).
func parseExtensions(lines []model.Line, warn warnFunc) []extension {
	tags := tagsOf(lines)
	var out []extension
	for _, v := range tags[genTag] {
		if !strings.HasPrefix(v.Value, "x-kubernetes-") {
			continue
		}
		name, value, ok := strings.Cut(v.Value, ":")
		if !ok {
			warn(v.Line.Pos, "+%s=%s: an extension needs a value (+%s=%s:value); it is left out", genTag, v.Value, genTag, v.Value)
			continue
		}
		out = append(out, extension{name: name, values: []string{value}})
	}
	for _, key := range slices.Sorted(mapsKeys(extensionTags)) {
		if !tags.has(key) {
			continue
		}
		et := extensionTags[key]
		out = append(out, extension{name: et.xName, values: tags.values(key), array: et.array})
	}
	return out
}

// checkMemberExtensions warns about extension tags with values outside
// their set, and a +listMapKey on a list that is not +listType=map: the
// extensions are written as they stand, as upstream writes them (it only
// logs the first kind, at -v 2). (Like upstream, it lets a tag stand on a
// field of another kind: kubernetes' own types do that.)
func checkMemberExtensions(m *model.Member, warn warnFunc) {
	tags := tagsOf(m.Doc.Lines)
	for _, key := range slices.Sorted(mapsKeys(extensionTags)) {
		et := extensionTags[key]
		for _, v := range tags[key] {
			if et.allowed != nil && !slices.Contains(et.allowed, v.Value) {
				warn(v.Line.Pos, "+%s=%s on field %s: the value must be one of %s", key, v.Value, m.Name, strings.Join(et.allowed, ", "))
			}
		}
	}
	if tags.has("listMapKey") && !slices.Contains(tags.values("listType"), "map") {
		warn(tags["listMapKey"][0].Line.Pos, "+listMapKey on field %s, which is not a +listType=map list; add +listType=map or remove the key", m.Name)
	}
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// defaultValue returns the +default of a field, looking through the
// comments of its type (and the types it points to or is defined as):
// either a JSON value, or a reference to a Go symbol "ref(pkg.Name)".
func defaultValue(m *model.Member, parentPkg string) (value any, ref *model.Name, err error) {
	lines, pkg, t := m.Doc.Lines, parentPkg, m.Type
	var tag string
	var at model.Line
	for {
		tags := tagsOf(lines)
		if tag, err = tags.single("default", model.Line{Pos: m.Pos}); err != nil {
			return nil, nil, err
		}
		if tag != "" {
			at = tags["default"][0].Line
		}
		if t == nil || tag != "" {
			break
		}
		lines, pkg = t.Doc.Lines, t.Name.Package
		switch t.Kind {
		case model.Pointer:
			t = t.Elem
		case model.Defined:
			t = t.Underlying
		default:
			t = nil
		}
	}
	if tag == "" {
		return nil, nil, nil
	}
	if r, ok := symbolRef(tag, pkg); ok {
		return nil, &r, nil
	}
	if err := json.Unmarshal([]byte(tag), &value); err != nil {
		return nil, nil, posErr(at, "+default=%s on field %s is neither JSON (quote strings: +default=\"text\") nor ref(pkg.Name): %v", tag, m.Name, err)
	}
	return value, nil, nil
}

var refRE = regexp.MustCompile(`^ref\(([^"]+)\)$`)

// symbolRef parses "ref(Name)" or "ref(import/path.Name)".
func symbolRef(s, pkg string) (model.Name, bool) {
	match := refRE.FindStringSubmatch(s)
	if match == nil {
		return model.Name{}, false
	}
	n := model.SplitName(match[1])
	if n.Package == "" {
		n.Package = pkg
	}
	return n, true
}

// description formats doc comment lines as upstream does: lines are joined
// with spaces, an empty line keeps a paragraph break, an indented line
// keeps its own line; tags ("+…") and one-line TODOs are dropped, and so
// is everything from a line "---" on.
func description(lines []string) string {
	var b strings.Builder
	dropLast := func() {
		if b.Len() > 0 {
			s := b.String()
			b.Reset()
			b.WriteString(s[:len(s)-1])
		}
	}
	for _, line := range lines {
		if line == "---" {
			break
		}
		line = strings.TrimRight(line, " ")
		lead := strings.TrimLeft(line, " ")
		switch {
		case line == "":
			dropLast()
			b.WriteString("\n\n")
		case strings.HasPrefix(lead, "TODO"), strings.HasPrefix(lead, "+"):
		case strings.HasPrefix(line, " "), strings.HasPrefix(line, "\t"):
			dropLast()
			b.WriteString("\n" + line + "\n")
		default:
			b.WriteString(line + " ")
		}
	}
	return strings.TrimSpace(b.String())
}

func texts(lines []model.Line) []string { return model.Comment{Lines: lines}.Texts() }

// goValue spells v as Go source, as fmt's %#v does.
func goValue(v any) string { return fmt.Sprintf("%#v", v) }

// goJSON spells v as JSON, for messages.
func goJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return goValue(v)
	}
	return string(b)
}
