package applyconfig

import (
	"fmt"
	"go/token"
	"iter"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/templates"
)

// builderData is what applyconfig_builder.tmpl takes.
type builderData struct {
	Type        *model.Type // the API type
	AC          string      // its builder's name, "PodApplyConfiguration"
	Kind        string      // "Pod"
	Private     string      // "pod", the Extract functions' parameter
	Doc         []string    // the type's comment, tags left out
	Fields      []fieldData
	Constructor string // "namespaced", "cluster", "typemeta" or "plain"
	APIVersion  string // "apps/v1"
	// OpenAPIName is set when Extract functions are generated.
	OpenAPIName          string
	Namespaced           bool
	Subresources         []subresource
	IsApplyConfiguration bool
	Funcs                []funcData
	Internal             string // import path of the internal package
}

// fieldData is one field of a builder struct.
type fieldData struct {
	Doc      []string
	Name     string
	Embedded bool
	Inline   bool
	Pointer  bool // the field is *Type
	Type     *model.Type
	Tag      string
}

type subresource struct{ Name, Title string }

// funcData is one method of a builder, after the constructors.
type funcData struct {
	Kind   string // "with", "withSlice", "withMap", "ensureEmbed", "ensureSlice", "get"
	Member string // the field's name
	// Path is where the value lives: "b.Spec", or through the embedded
	// builder it was promoted from, "b.ObjectMetaApplyConfiguration.Name".
	Path string
	Type *model.Type // the builder's type of the field
	Arg  *model.Type // withSlice: the element taken
	// ArgPtr: withSlice takes pointers to builders.
	ArgPtr bool
	// Direct: the value is stored as is (not its address); for getters,
	// returned without a pointer.
	Direct bool
	// Ensure names the embedded builder to create first: b.ensure<Ensure>Exists().
	Ensure string
	// PtrSlice: the field is a pointer to a slice, created by
	// b.ensure<Name>Exists().
	PtrSlice bool
	Name     string // ensureEmbed, ensureSlice: <Name> in ensure<Name>Exists
}

// embedding is the embedded field whose members a builder promotes.
type embedding struct {
	typ    *model.Type // the builder's type of the embedded field
	inline bool
}

// field returns the name of the embedded builder field: "" if the type
// has no name (upstream then writes b.Member).
func (e *embedding) field() string {
	if e == nil {
		return ""
	}
	if e.typ.IsNamed() {
		return e.typ.Name.Name
	}
	if e.typ.Kind == model.Pointer && e.typ.Elem.IsNamed() {
		return e.typ.Elem.Name.Name
	}
	return ""
}

// builderFile renders the builder of one type.
func (g *Generator) builderFile(p *apiPackage, c *applyConfig, r refs, plain plainFields, header []byte) (*gofile.File, error) {
	t := c.Type
	d := &builderData{
		Type:       t,
		AC:         names.Public(c.AC.Name.Name),
		Kind:       names.Public(t.Name.Name),
		Private:    names.Private(t.Name.Name),
		Doc:        docLines(t.TagLines()),
		APIVersion: p.version,
		Internal:   path.Join(g.OutputPkg, "internal"),
	}
	if p.group != "" {
		d.APIVersion = p.group + "/" + p.version
	}
	if t.Generic {
		return nil, model.PosErrorf(t.Pos, "%s is generic: apply configurations cannot be generated for it; leave it out of the API", t.Name.Name)
	}
	for m, tag := range builderMembers(t) {
		if err := checkFieldType(t, m, m.Type); err != nil {
			return nil, err
		}
		if !tag.inline {
			tag.omitempty = true
		}
		d.Fields = append(d.Fields, fieldData{
			Doc:      docLines(m.Doc.Lines),
			Name:     m.Name,
			Embedded: m.Embedded,
			Inline:   tag.inline,
			Pointer:  !m.Embedded && !nillable(m.Type),
			Type:     r.of(m.Type),
			Tag:      tag.String(),
		})
	}
	switch {
	case c.Tags.GenerateClient && c.Tags.NonNamespaced:
		d.Constructor = "cluster"
	case c.Tags.GenerateClient:
		d.Constructor = "namespaced"
	case hasEmbedded(t, typeMeta):
		d.Constructor = "typemeta"
	default:
		d.Constructor = "plain"
	}
	if c.Tags.GenerateClient && c.OpenAPIName != "" {
		d.OpenAPIName = c.OpenAPIName
		d.Namespaced = !c.Tags.NonNamespaced
		subs, err := subresources(c)
		if err != nil {
			return nil, err
		}
		d.Subresources = subs
	}
	d.IsApplyConfiguration = c.Tags.GenerateClient || hasEmbedded(t, typeMeta)
	b := &funcBuilder{refs: r, inputs: g.inputs, data: d, plain: plain, mapIt: g.mapAdvice}
	if err := b.withs(t, nil); err != nil {
		return nil, err
	}
	b.getters(t, nil)

	f := gofile.New(filepath.Join(p.outDir, strings.ToLower(t.Name.Name)+".go"), p.outPkg, strings.ToLower(p.version), header)
	return f, templates.Execute(f, "applyconfig_builder.tmpl", d)
}

// funcBuilder collects the With and Get methods of a builder, walking
// into embedded structs as upstream does.
type funcBuilder struct {
	refs   refs
	inputs map[string]bool // import paths of the input packages
	data   *builderData
	done   []string    // members that have a With method
	plain  plainFields // fields that hold a struct without an apply configuration
	mapIt  func(typ, acPkg string) string
}

// plainFields are, by struct type, the fields that hold it although it
// has no apply configuration: upstream's builders hold the Go struct.
type plainFields map[model.Name][]plainField

type plainField struct {
	pos          token.Position
	field, owner string
}

// warn reports each struct type once, at the first field that holds it.
func (p plainFields) warn(ctx *run.Context, mapIt func(typ, acPkg string) string) {
	for _, s := range slices.SortedFunc(maps.Keys(p), func(a, b model.Name) int { return strings.Compare(a.String(), b.String()) }) {
		fields := p[s]
		// A field of an embedded struct is met once for each struct that
		// embeds it: count it once.
		slices.SortFunc(fields, func(a, b plainField) int { return model.ComparePos(a.pos, b.pos) })
		fields = slices.CompactFunc(fields, func(a, b plainField) bool { return a.pos == b.pos })
		more := ""
		switch n := len(fields) - 1; n {
		case 0:
		case 1:
			more = " (and 1 more field)"
		default:
			more = fmt.Sprintf(" (and %d more fields)", n)
		}
		acPkg := "<its apply configuration package>"
		if rest, ok := strings.CutPrefix(s.Package, "k8s.io/api/"); ok {
			acPkg = "k8s.io/client-go/applyconfigurations/" + rest
		}
		ctx.Warnf(fields[0].pos, "field %s of %s%s holds %s, which has json fields but no apply configuration, so builders hold the Go struct and apply it whole: name one with %s, or add %s to the input packages",
			fields[0].field, fields[0].owner, more, s, mapIt(s.String(), acPkg), s.Package)
	}
}

// memberType is the builder's type of a member: a pointer to the apply
// configuration of a struct that has one.
func (b *funcBuilder) memberType(m model.Member) *model.Type {
	mt := b.refs.of(m.Type)
	if b.refs.is(m.Type) {
		mt = &model.Type{Kind: model.Pointer, Elem: mt}
	}
	return mt
}

func (b *funcBuilder) withs(t *model.Type, in *embedding) error {
	for m, tag := range builderMembers(t) {
		if slices.Contains(b.done, m.Name) {
			continue
		}
		b.done = append(b.done, m.Name)
		if err := checkFieldType(t, m, m.Type); err != nil {
			return err
		}
		if s := b.refs.lacking(m.Type, b.inputs); s != nil {
			if bad := b.mismatch(s); m.Embedded && bad != "" {
				// Upstream walks into it and writes code that does not compile.
				return model.PosErrorf(posOf(t, m), "field %s of %s holds %s, which has json fields but no apply configuration (the builder would set its field %s, of another type, and not compile): name one with %s, or add %s to the input packages", m.Name, t.Name.Name, s.Name, bad, b.mapIt(s.Name.String(), "<its apply configuration package>"), s.Name.Package)
			}
			// Upstream holds the Go struct, which compiles but is applied whole.
			b.plain[s.Name] = append(b.plain[s.Name], plainField{posOf(t, m), m.Name, t.Name.Name})
		}
		mt := b.memberType(m)
		fn := funcData{Member: m.Name, Path: access(in, m.Name), Type: mt, Ensure: ensureName(in)}
		if m.Embedded {
			if err := b.withs(m.Type, &embedding{typ: mt, inline: tag.inline}); err != nil {
				return err
			}
			if !tag.inline {
				if mt.Kind != model.Pointer {
					return model.PosErrorf(m.Pos, "embedded field %s of %s has no apply configuration, and is not inline: add json:\",inline\", or map its type with %s", m.Name, t.Name.Name, b.mapIt(deref(m.Type).Name.String(), "<its apply configuration package>"))
				}
				b.add(funcData{Kind: "ensureEmbed", Name: names.Public(mt.Elem.Name.Name), Type: mt.Elem})
			}
			continue
		}
		if elem := deref(m.Type); elem.Kind == model.Slice && b.refs.is(elem.Elem) {
			fn.Kind, fn.Arg, fn.ArgPtr = "withSlice", &model.Type{Kind: model.Pointer, Elem: mt.Elem}, true
			fn.PtrSlice = m.Type.Kind == model.Pointer
			if fn.PtrSlice {
				fn.Name = names.Public(mt.Elem.Name.Name)
				b.add(funcData{Kind: "ensureSlice", Member: m.Name, Name: fn.Name, Type: mt.Elem})
			}
			b.add(fn)
			continue
		}
		switch m.Type.Kind {
		case model.Slice:
			fn.Kind, fn.Arg, fn.ArgPtr = "withSlice", mt.Elem, mt.Elem.Kind == model.Pointer
		case model.Map:
			fn.Kind = "withMap"
		default:
			fn.Kind = "with"
			fn.Direct = b.refs.is(m.Type) || nillable(m.Type)
		}
		b.add(fn)
	}
	return nil
}

// mismatch returns the first member of s, a struct that a builder embeds
// as it is, whose type differs from the builder's type for it, which its
// With method assigns (a pointer to the value, or a slice or map with
// apply configurations); "" if there is none, and the code compiles.
func (b *funcBuilder) mismatch(s *model.Type) string {
	for m := range builderMembers(s) {
		t, of := m.Type, b.refs.of(m.Type)
		switch {
		case m.Embedded && !b.refs.is(t):
			if bad := b.mismatch(deref(t)); bad != "" {
				return m.Name + "." + bad
			}
		case t.Kind == model.Pointer && of == t.Elem, nillable(t) && of == t:
		default:
			return m.Name
		}
	}
	return ""
}

func (b *funcBuilder) getters(t *model.Type, in *embedding) {
	for m, tag := range builderMembers(t) {
		mt := b.memberType(m)
		if m.Embedded {
			b.getters(m.Type, &embedding{typ: mt, inline: tag.inline})
			continue
		}
		if t.Name == objectMeta && (m.Name == "Name" || m.Name == "Namespace") ||
			t.Name == typeMeta && (m.Name == "Kind" || m.Name == "APIVersion") {
			b.add(funcData{Kind: "get", Member: m.Name, Path: access(in, m.Name), Type: mt,
				Direct: b.refs.is(m.Type) || nillable(m.Type), Ensure: ensureName(in)})
		}
	}
}

func (b *funcBuilder) add(f funcData) { b.data.Funcs = append(b.data.Funcs, f) }

// access is how a builder method reaches a member.
func access(in *embedding, member string) string {
	if f := in.field(); f != "" {
		return "b." + f + "." + member
	}
	return "b." + member
}

// ensureName is the embedded builder a method must create first, if any.
func ensureName(in *embedding) string {
	if in == nil || in.inline || in.typ.Kind != model.Pointer {
		return ""
	}
	return names.Public(in.typ.Elem.Name.Name)
}

// builderMembers yields the members of t that builders have, with their
// json tags: those with a json tag, but not the hidden ones.
func builderMembers(t *model.Type) iter.Seq2[model.Member, jsonTag] {
	return func(yield func(model.Member, jsonTag) bool) {
		for _, m := range t.Members {
			tag, ok := jsonTagOf(m)
			if ok && !hidden(t, m) && !yield(m, tag) {
				return
			}
		}
	}
}

// hidden reports whether a member is left out of builders: ObjectMeta's
// ManagedFields and SelfLink, and fields on their way out (ZZZ_).
func hidden(t *model.Type, m model.Member) bool {
	return t.Name == objectMeta && (m.Name == "ManagedFields" || m.Name == "SelfLink") ||
		strings.HasPrefix(m.Name, "ZZZ_")
}

func deref(t *model.Type) *model.Type {
	for t.Kind == model.Pointer {
		t = t.Elem
	}
	return t
}

// nillable reports whether a builder holds a field of type t as is, not
// through a pointer: unnamed slices and maps.
func nillable(t *model.Type) bool { return t.Kind == model.Slice || t.Kind == model.Map }

// checkFieldType rejects field types a builder cannot hold.
func checkFieldType(owner *model.Type, m model.Member, t *model.Type) error {
	for depth := 0; t != nil && depth < 16; depth++ {
		switch t.Kind {
		case model.Chan, model.Func, model.Unsupported, model.TypeParam, model.Invalid:
			what := t.Kind.String()
			if t.Kind == model.Invalid {
				what = "a type that does not type-check"
			}
			return model.PosErrorf(posOf(owner, m), "field %s of %s has %s type %s, which an apply configuration cannot hold: change its type, or tag it json:\"-\"", m.Name, owner.Name.Name, what, t.Name)
		case model.Pointer, model.Slice, model.Array, model.Map:
			if t.Key != nil {
				if err := checkFieldType(owner, m, t.Key); err != nil {
					return err
				}
			}
			t = t.Elem
		default:
			return nil
		}
	}
	return nil
}

// posOf is where a member is declared, or its owner if that is unknown
// (a dependency's member).
func posOf(owner *model.Type, m model.Member) token.Position {
	if m.Pos.Filename == "" {
		return owner.Pos
	}
	return m.Pos
}

// docLines returns the comment lines a builder repeats: trimmed, without
// tag lines.
func docLines(lines []model.Line) []string {
	var out []string
	for _, l := range lines {
		text := strings.TrimSpace(l.Text)
		if !strings.HasPrefix(text, "+") {
			out = append(out, text)
		}
	}
	return out
}

// subresources returns the subresources Extract functions are generated
// for: status (unless +genclient:noStatus, or there is no Status field) and
// those of +genclient:method tags, sorted.
func subresources(c *applyConfig) ([]subresource, error) {
	var subs []string
	if !c.Tags.NoStatus && slices.ContainsFunc(c.Type.Members, func(m model.Member) bool { return m.Name == "Status" }) {
		subs = append(subs, "status")
	}
	for _, m := range c.Tags.Methods {
		if m.Subresource != "" {
			subs = append(subs, m.Subresource)
		}
	}
	slices.Sort(subs)
	subs = slices.Compact(subs)
	var out []subresource
	for _, s := range subs {
		title := titleCase(s)
		if !token.IsIdentifier("Extract" + title) {
			return nil, model.PosErrorf(c.Type.Pos, "%s: subresource %q cannot name an Extract function (Extract%s): use letters and digits only", c.Type.Name.Name, s, title)
		}
		out = append(out, subresource{Name: s, Title: title})
	}
	return out, nil
}

// titleCase upper-cases the first letter of every word and lower-cases
// the others, as golang.org/x/text/cases.Title does for ASCII.
func titleCase(s string) string {
	var sb strings.Builder
	inWord := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) && !inWord:
			sb.WriteRune(unicode.ToUpper(r))
			inWord = true
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'':
			sb.WriteRune(unicode.ToLower(r))
			inWord = true
		default:
			sb.WriteRune(r)
			inWord = false
		}
	}
	return sb.String()
}
