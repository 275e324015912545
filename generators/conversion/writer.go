package conversion

import (
	"errors"
	"fmt"
	"go/token"
	"path"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// writer writes the file of one target. The order in which it names
// types decides the import names, as upstream: it names them in the order
// the text mentions them.
type writer struct {
	ctx    *run.Context
	t      *target
	manual manualConversions
	eq     memoryEquality
	unsafe bool
	f      *gofile.File

	// problems are what upstream leaves to the user as WARNING or FIXME
	// comments, by the input type of the function being written.
	problems map[*model.Type][]problem
	errs     []error
	// field is the struct field being converted, for error positions.
	field *model.Member
}

// fail records an error, positioned at the field being converted, once.
func (w *writer) fail(format string, args ...any) {
	var err error
	if w.field != nil {
		err = model.PosErrorf(w.field.Pos, format, args...)
	} else {
		err = fmt.Errorf(format, args...)
	}
	for _, e := range w.errs {
		if e.Error() == err.Error() {
			return
		}
	}
	w.errs = append(w.errs, err)
}

// entry is a type of the types package that gets functions: to and from
// its peer, and from the types its explicit-from tags name.
type entry struct {
	t, peer *model.Type // peer is nil if t has none
	paired  bool        // the pair is convertible (registered)
	from    []*model.Type
}

func (w *writer) p(format string, args ...any) { w.f.Printf(format, args...) }

func (w *writer) typ(t *model.Type) string { return w.f.Imports.Type(t) }

// track records the imports of the types a function name mentions, as
// upstream's name system does, although the name does not use them.
func (w *writer) track(ts ...*model.Type) {
	for _, t := range ts {
		if t.IsNamed() {
			w.f.Imports.Type(t)
		}
	}
}

// convName is the name of the public conversion function from in to out.
func (w *writer) convName(in, out *model.Type) string {
	w.track(in, out)
	return "Convert_" + publicName(in) + "_To_" + publicName(out)
}

func (w *writer) fnName(f *manualFn) string { return w.f.Imports.Qualify(f.pkg, f.decl.Name) }

func (w *writer) scope() string { return w.f.Imports.Qualify(conversionPkg, "Scope") }

func (w *writer) write() error {
	w.problems = map[*model.Type][]problem{}
	types, err := w.pairs()
	if err != nil {
		return err
	}
	w.p("func init() {\n")
	w.p("localSchemeBuilder.Register(RegisterConversions)\n")
	w.p("}\n")
	w.p("// RegisterConversions adds conversion functions to the given scheme.\n")
	w.p("// Public to allow building arbitrary schemes.\n")
	w.p("func RegisterConversions(s *%s) error {\n", w.f.Imports.Qualify(runtimePkg, "Scheme"))
	for _, e := range types {
		if !e.paired {
			continue
		}
		for _, d := range [][2]*model.Type{{e.t, e.peer}, {e.peer, e.t}} {
			if w.manual[pair{d[0], d[1]}] == nil {
				w.register("AddGeneratedConversionFunc", d[0], d[1], nil)
			}
		}
	}
	for _, e := range types {
		for _, from := range e.from {
			w.register("AddGeneratedConversionFunc", from, e.t, nil)
		}
	}
	var own []pair
	for k, f := range w.manual {
		if f.pkg == w.t.pkg.Path {
			own = append(own, k)
		}
	}
	slices.SortFunc(own, func(a, b pair) int {
		return strings.Compare(w.manual[a].decl.Name, w.manual[b].decl.Name)
	})
	for _, k := range own {
		w.register("AddConversionFunc", k.in, k.out, w.manual[k])
	}
	w.p("return nil\n")
	w.p("}\n\n")

	for _, e := range types {
		if e.peer != nil {
			w.conversion(e.t, e.peer)
			w.conversion(e.peer, e.t)
		}
		for _, from := range e.from {
			w.fromURLValues(from, e.t)
		}
	}
	return errors.Join(w.errs...)
}

// register writes one registration of RegisterConversions; manual nil
// calls the generated public function.
func (w *writer) register(method string, in, out *model.Type, manual *manualFn) {
	inName, outName, scope := w.typ(in), w.typ(out), w.scope()
	var fn string
	if manual == nil {
		fn = w.convName(in, out)
	} else {
		fn = w.fnName(manual)
	}
	w.p("if err := s.%s((*%s)(nil), (*%s)(nil), func(a, b interface{}, scope %s) error { return %s(a.(*%s), b.(*%s), scope) }); err != nil { return err }\n",
		method, inName, outName, scope, fn, inName, outName)
}

// pairs returns the types of the types package that get functions, in
// name order, as upstream's filter picks them: those with a convertible
// peer, and those with explicit-from tags.
func (w *writer) pairs() ([]entry, error) {
	pkg := w.ctx.Universe.Package(w.t.typesPath)
	if pkg == nil {
		return nil, nil
	}
	var out []entry
	var errs []error
	for _, t := range pkg.Types {
		e := entry{t: t}
		if len(w.t.peers) > 0 {
			e.peer = w.peerOf(t)
		}
		if e.peer != nil {
			ok, err := w.convertible(t, e.peer)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			e.paired = ok
		}
		for _, tag := range model.FindTags(t.TagLines(), tagExplicitFrom) {
			if tag.Value != urlValues {
				errs = append(errs, tag.Errorf("+%s=%s: the only type conversions can be generated from is %s", tagExplicitFrom, tag.Value, urlValues))
				continue
			}
			from, err := w.ctx.ResolveType(urlValues)
			if err != nil {
				errs = append(errs, tag.Errorf("+%s=%s: %v", tagExplicitFrom, tag.Value, err))
				continue
			}
			e.from = append(e.from, from)
		}
		if e.paired || len(e.from) > 0 {
			out = append(out, e)
		}
	}
	return out, errors.Join(errs...)
}

// peerOf returns the type of the same name in the first peer package that
// has one.
func (w *writer) peerOf(t *model.Type) *model.Type {
	for _, p := range w.t.peers {
		if pkg := w.ctx.Universe.Package(p); pkg != nil {
			if pt := pkg.Type(t.Name.Name); pt != nil {
				return pt
			}
		}
	}
	return nil
}

// convertible reports whether the generated functions convert between in
// and out: one of them is a struct of the types package that has not opted
// out, and the other is exported.
func (w *writer) convertible(in, out *model.Type) (bool, error) {
	t, other := in, out
	if in.Name.Package != w.t.typesPath {
		t, other = out, in
	}
	if t.Name.Package != w.t.typesPath {
		return false, nil
	}
	if tags := model.FindTags(t.Doc.Lines, tagName); len(tags) > 0 {
		if tags[0].Value != "false" {
			return false, tags[0].Errorf("+%s=%s on type %s: a type takes only +%s=false", tagName, tags[0].Value, t.Name.Name, tagName)
		}
		return false, nil
	}
	return t.Kind == model.Struct && !isPrivate(other.Name.Name), nil
}

// convertibleOK is convertible for places where the error was reported
// already, with the type.
func (w *writer) convertibleOK(in, out *model.Type) bool {
	ok, _ := w.convertible(in, out)
	return ok
}

// conversion writes autoConvert_ and, unless there is a hand-written one
// or a field needs one, Convert_ from in to out.
func (w *writer) conversion(in, out *model.Type) {
	name := w.convName(in, out)
	w.p("func auto%s(in *%s, out *%s, s %s) error {\n", name, w.typ(in), w.typ(out), w.scope())
	w.generateFor(in, out)
	w.p("return nil\n")
	w.p("}\n\n")
	if w.manual[pair{in, out}] != nil {
		return
	}
	if problems := w.problems[in]; len(problems) > 0 {
		for _, p := range problems {
			if p.wholeType {
				w.errs = append(w.errs, model.PosErrorf(p.pos, "%s: generated code does not convert it to %s: write %s(in *%s, out *%s, s conversion.Scope) error in package %s, or tag %s +%s=false",
					p.what, short(out), name, short(in), short(out), w.t.pkg.Path, w.typesSide(in, out), tagName))
				continue
			}
			w.errs = append(w.errs, model.PosErrorf(p.pos, "%s, which requires manual conversion: write %s(in *%s, out *%s, s conversion.Scope) error in package %s (it can call auto%s for the other fields), or tag the field +%s=false",
				p.what, name, short(in), short(out), w.t.pkg.Path, name, tagName))
		}
		return
	}
	w.p("// %s is an autogenerated conversion function.\n", name)
	w.p("func %s(in *%s, out *%s, s %s) error {\n", name, w.typ(in), w.typ(out), w.scope())
	w.p("return auto%s(in, out, s)\n", name)
	w.p("}\n\n")
}

// problem is a field, or a whole type, that generated code does not
// convert.
type problem struct {
	pos       token.Position
	what      string
	wholeType bool
}

func (w *writer) problem(at *model.Type, pos token.Position, format string, args ...any) {
	w.problems[at] = append(w.problems[at], problem{pos: pos, what: fmt.Sprintf(format, args...)})
}

// typesSide names the one of in and out that belongs to the types package,
// where the opt-out tag goes.
func (w *writer) typesSide(in, out *model.Type) string {
	if in.Name.Package == w.t.typesPath {
		return short(in)
	}
	return short(out)
}

// short spells a type for messages: "v1.Pod", "[]v1.Pod".
func short(t *model.Type) string {
	if t.IsNamed() {
		return path.Base(t.Name.Package) + "." + t.Name.Name
	}
	switch t.Kind {
	case model.Pointer:
		return "*" + short(t.Elem)
	case model.Slice:
		return "[]" + short(t.Elem)
	case model.Map:
		return "map[" + short(t.Key) + "]" + short(t.Elem)
	}
	return t.Name.Name
}

// missing writes upstream's stub for a conversion nobody provides, which
// does not compile; gen-conversion reports an error instead.
func (w *writer) missing(in, out *model.Type) {
	w.p("// FIXME: Provide conversion function to convert %s to %s\n", w.typ(in), w.typ(out))
	w.p("compileErrorOnMissingConversion()\n")
	w.fail("no conversion from %s to %s: write %s(in *%s, out *%s, s conversion.Scope) error in package %s or a peer package, or tag the field +%s=false",
		short(in), short(out), "Convert_"+publicName(in)+"_To_"+publicName(out), short(in), short(out), w.t.pkg.Path, tagName)
}

// generateFor writes the conversion of *in to *out.
func (w *writer) generateFor(in, out *model.Type) {
	switch in.Kind {
	case model.Builtin:
		if in == out {
			w.p("*out = *in\n")
		} else {
			w.p("*out = %s(*in)\n", w.typ(out))
		}
	case model.Map:
		w.doMap(in, out)
	case model.Slice:
		w.doSlice(in, out)
	case model.Struct:
		w.doStruct(in, out)
	case model.Pointer:
		w.doPointer(in, out)
	default:
		// Upstream leaves a comment; harmless at the top of a function
		// that a hand-written one replaces.
		w.p("// FIXME: Type %s is unsupported.\n", w.typ(in))
		if w.field == nil {
			w.problems[in] = append(w.problems[in], problem{pos: in.Pos, wholeType: true,
				what: fmt.Sprintf("%s is not a struct (%s)", short(in), in.Kind)})
		} else {
			w.fail("type %s cannot be converted by generated code: write a conversion function for the type that holds it", short(in))
		}
	}
}

// elemCall writes the opening of a call converting one element, with a
// hand-written or generated function; it reports false (and writes the
// stub) when there is none.
func (w *writer) elemCall(in, out *model.Type, args string) bool {
	if fn := w.manual[pair{in, out}]; fn != nil {
		w.p("if err := %s(%s, s); err != nil {\n", w.fnName(fn), args)
		return true
	}
	if w.convertibleOK(in, out) {
		w.p("if err := %s(%s, s); err != nil {\n", w.convName(in, out), args)
		return true
	}
	w.missing(in, out)
	return false
}

func (w *writer) pointerFn(in, out *model.Type) *manualFn {
	if in.Kind != model.Pointer || out.Kind != model.Pointer {
		return nil
	}
	return w.manual[pair{in.Elem, out.Elem}]
}

func (w *writer) doMap(in, out *model.Type) {
	w.p("*out = make(%s, len(*in))\n", w.typ(out))
	if !plainAssignable(in.Key, out.Key) {
		w.p("for range *in {\n")
		w.p("// FIXME: Converting unassignable keys unsupported %s\n", w.typ(in.Key))
		w.p("}\n")
		w.fail("map keys of %s cannot be converted to %s by generated code: write a conversion function for the type that holds the map", in.Name, out.Name)
		return
	}
	key := "key"
	w.p("for key, val := range *in {\n")
	if plainAssignable(in.Elem, out.Elem) {
		if in.Key == out.Key {
			w.p("(*out)[key] = ")
		} else {
			w.p("(*out)[%s(key)] = ", w.typ(out.Key))
		}
		if in.Elem == out.Elem {
			w.p("val\n")
		} else {
			w.p("%s(val)\n", w.typ(out.Elem))
		}
		w.p("}\n")
		return
	}
	ok, conditional := true, false
	if fn := w.manual[pair{in.Elem, out.Elem}]; fn != nil {
		w.p("newVal := new(%s)\n", w.typ(out.Elem))
		w.p("if err := %s(&val, newVal, s); err != nil {\n", w.fnName(fn))
	} else if fn := w.pointerFn(in.Elem, out.Elem); fn != nil {
		w.p("newVal := new(%s)\n", w.typ(out.Elem))
		w.p("if val != nil {\n")
		w.p("*newVal = new(%s)\n", w.typ(out.Elem.Elem))
		w.p("if err := %s(val, *newVal, s); err != nil {\n", w.fnName(fn))
		conditional = true
	} else if w.convertibleOK(in.Elem, out.Elem) {
		w.p("newVal := new(%s)\n", w.typ(out.Elem))
		w.p("if err := %s(&val, newVal, s); err != nil {\n", w.convName(in.Elem, out.Elem))
	} else {
		w.missing(in.Elem, out.Elem)
		ok = false
	}
	if ok {
		w.p("return err\n")
		w.p("}\n")
		if conditional {
			w.p("}\n")
		}
		if in.Key == out.Key {
			w.p("(*out)[%s] = *newVal\n", key)
		} else {
			w.p("(*out)[%s(%s)] = *newVal\n", w.typ(out.Key), key)
		}
	}
	w.p("}\n")
}

func (w *writer) doSlice(in, out *model.Type) {
	w.p("*out = make(%s, len(*in))\n", w.typ(out))
	if in.Elem == out.Elem && in.Elem.Kind == model.Builtin {
		w.p("copy(*out, *in)\n")
		return
	}
	w.p("for i := range *in {\n")
	if plainAssignable(in.Elem, out.Elem) {
		if in.Elem == out.Elem {
			w.p("(*out)[i] = (*in)[i]\n")
		} else {
			w.p("(*out)[i] = %s((*in)[i])\n", w.typ(out.Elem))
		}
		w.p("}\n")
		return
	}
	ok, conditional := true, false
	if fn := w.manual[pair{in.Elem, out.Elem}]; fn != nil {
		w.p("if err := %s(&(*in)[i], &(*out)[i], s); err != nil {\n", w.fnName(fn))
	} else if fn := w.pointerFn(in.Elem, out.Elem); fn != nil {
		w.p("if (*in)[i] != nil {\n")
		w.p("(*out)[i] = new(%s)\n", w.typ(out.Elem.Elem))
		w.p("if err := %s((*in)[i], (*out)[i], s); err != nil {\n", w.fnName(fn))
		conditional = true
	} else {
		ok = w.elemCall(in.Elem, out.Elem, "&(*in)[i], &(*out)[i]")
	}
	if ok {
		w.p("return err\n")
		w.p("}\n")
		if conditional {
			w.p("}\n")
		}
	}
	w.p("}\n")
}

func (w *writer) doPointer(in, out *model.Type) {
	w.p("*out = new(%s)\n", w.typ(out.Elem))
	if plainAssignable(in.Elem, out.Elem) {
		if in.Elem == out.Elem {
			w.p("**out = **in\n")
		} else {
			w.p("**out = %s(**in)\n", w.typ(out.Elem))
		}
		return
	}
	if w.elemCall(in.Elem, out.Elem, "*in, *out") {
		w.p("return err\n")
		w.p("}\n")
	}
}

// optedOut reports whether a field says +k8s:conversion-gen=false.
func optedOut(m model.Member) bool {
	tags := model.FindTags(m.Doc.Lines, tagName)
	return len(tags) > 0 && tags[0].Value == "false"
}

func findMember(t *model.Type, name string) (model.Member, bool) {
	if t.Kind != model.Struct {
		return model.Member{}, false
	}
	for _, m := range t.Members {
		if m.Name == name {
			return m, true
		}
	}
	return model.Member{}, false
}

// memoryCopy reports whether the whole struct converts with one unsafe
// cast: the layouts are the same and every field converts as is.
func (w *writer) memoryCopy(in, out *model.Type) bool {
	if !w.unsafe || !w.eq.equal(in, out) {
		return false
	}
	for _, m := range in.Members {
		if optedOut(m) {
			return false
		}
		om, ok := findMember(out, m.Name)
		if !ok {
			return false
		}
		if isPrivate(m.Name) && w.t.pkg.Path != in.Name.Package {
			return false
		}
		if isPrivate(om.Name) && w.t.pkg.Path != out.Name.Package {
			return false
		}
		if fn := w.manual[pair{m.Type, om.Type}]; fn != nil && !fn.copyOnly() {
			return false
		}
	}
	return true
}

// fastConversion reports whether a copy-only function between in and out
// can be replaced by an assignment.
func fastConversion(in, out *model.Type) bool {
	switch in.Kind {
	case model.Builtin:
		return true
	case model.Map, model.Slice, model.Pointer, model.Struct, model.Defined:
		return unwrap(in) == unwrap(out)
	}
	return false
}

func (w *writer) doStruct(in, out *model.Type) {
	if w.memoryCopy(in, out) {
		w.p("*out = *(*%s)(%s(in))\n", w.typ(out), w.f.Imports.Qualify("unsafe", "Pointer"))
		return
	}
	defer func(f *model.Member) { w.field = f }(w.field)
	for _, m := range in.Members {
		w.field = &m
		if optedOut(m) {
			w.p("// INFO: in.%s opted out of conversion generation\n", m.Name)
			continue
		}
		om, found := findMember(out, m.Name)
		if !found {
			w.p("// WARNING: in.%s requires manual conversion: does not exist in peer-type\n", m.Name)
			w.problem(in, m.Pos, "%s.%s has no counterpart in %s", short(in), m.Name, short(out))
			continue
		}
		if isPrivate(m.Name) && w.t.pkg.Path != in.Name.Package {
			w.p("// WARNING: in.%s is not exported and cannot be read\n", m.Name)
			w.problem(in, m.Pos, "%s.%s is not exported (package %s cannot read it)", short(in), m.Name, w.t.pkg.Path)
			continue
		}
		if isPrivate(om.Name) && w.t.pkg.Path != out.Name.Package {
			w.p("// WARNING: out.%s is not exported and cannot be set\n", m.Name)
			w.problem(in, m.Pos, "%s.%s is not exported (package %s cannot set it from %s.%s)", short(out), om.Name, w.t.pkg.Path, short(in), m.Name)
			continue
		}
		inT, outT := underlyingNamed(m.Type), underlyingNamed(om.Type)

		if w.unsafe && w.eq.equal(inT, outT) {
			switch inT.Kind {
			case model.Pointer:
				w.p("out.%s = (%s)(%s(in.%s))\n", m.Name, w.typ(outT), w.f.Imports.Qualify("unsafe", "Pointer"), m.Name)
				continue
			case model.Map, model.Slice:
				w.p("out.%s = *(*%s)(%s(&in.%s))\n", m.Name, w.typ(outT), w.f.Imports.Qualify("unsafe", "Pointer"), m.Name)
				continue
			}
		}

		if fn := w.manual[pair{m.Type, om.Type}]; fn != nil {
			if fn.drop() {
				continue
			}
			if !fn.copyOnly() || !fastConversion(inT, outT) {
				w.p("if err := %s(&in.%s, &out.%s, s); err != nil {\n", w.fnName(fn), m.Name, m.Name)
				w.p("return err\n")
				w.p("}\n")
				continue
			}
		}

		if inT.Kind != outT.Kind {
			w.p("// WARNING: in.%s requires manual conversion: inconvertible types (%s vs %s)\n", m.Name, inT.Name, outT.Name)
			w.problem(in, m.Pos, "%s.%s (%s) and %s.%s (%s) have different kinds", short(in), m.Name, short(m.Type), short(out), om.Name, short(om.Type))
			continue
		}

		switch inT.Kind {
		case model.Builtin:
			if inT == outT {
				w.p("out.%s = in.%s\n", m.Name, m.Name)
			} else {
				w.p("out.%s = %s(in.%s)\n", m.Name, w.typ(outT), m.Name)
			}
		case model.Map, model.Slice, model.Pointer:
			if unwrap(inT) == unwrap(outT) {
				w.p("out.%s = in.%s\n", m.Name, m.Name)
				continue
			}
			w.p("if in.%s != nil {\n", m.Name)
			w.p("in, out := &in.%s, &out.%s\n", m.Name, m.Name)
			w.generateFor(inT, outT)
			w.p("} else {\n")
			w.p("out.%s = nil\n", m.Name)
			w.p("}\n")
		case model.Struct:
			if unwrap(inT) == unwrap(outT) {
				w.p("out.%s = in.%s\n", m.Name, m.Name)
				continue
			}
			w.fieldCall(inT, outT, m.Name)
		default:
			w.fieldCall(inT, outT, m.Name)
		}
	}
}

// fieldCall writes the call of the generated conversion of one field.
func (w *writer) fieldCall(in, out *model.Type, name string) {
	if w.convertibleOK(in, out) {
		w.p("if err := %s(&in.%s, &out.%s, s); err != nil {\n", w.convName(in, out), name, name)
		w.p("return err\n")
		w.p("}\n")
		return
	}
	w.missing(in, out)
}

// isPrivate reports whether a name is not exported, as upstream decides it.
func isPrivate(name string) bool {
	return name == "" || strings.ToLower(name[:1]) == name[:1]
}
