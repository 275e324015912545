package validation

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/generators/validation/validators"
)

// Packages and symbols the generated code uses.
const (
	fieldPkg     = "k8s.io/apimachinery/pkg/util/validation/field"
	safePkg      = "k8s.io/apimachinery/pkg/api/safe"
	operationPkg = "k8s.io/apimachinery/pkg/api/operation"
	equalityPkg  = "k8s.io/apimachinery/pkg/api/equality"
)

// emitter writes the validation code of one target into one file.
type emitter struct {
	*writer
	out, in   string            // the output package, and its types' package
	canonical map[string]string // included package → the package callers call
	nodes     map[*model.Type]*typeNode
	lines     func([]model.Line) []codetags.Line
}

func (e *emitter) field(name string) string     { return e.im.Qualify(fieldPkg, name) }
func (e *emitter) safe(name string) string      { return e.im.Qualify(safePkg, name) }
func (e *emitter) operation(name string) string { return e.im.Qualify(operationPkg, name) }
func (e *emitter) context() string              { return e.im.Qualify("context", "Context") }
func (e *emitter) fmt(name string) string       { return e.im.Qualify("fmt", name) }

// with returns e writing into w.
func (e *emitter) with(w *writer) *emitter {
	c := *e
	c.writer = w
	return &c
}

// resolveFunc names the function a reference calls from the output
// package: a type of the package this file validates is validated by the
// file's own functions; a type of another included package by that
// package's canonical output.
func (e *emitter) resolveFunc(n model.Name) model.Name {
	if n.Package == e.in {
		n.Package = e.out
	} else if p, ok := e.canonical[n.Package]; ok {
		n.Package = p
	}
	return n
}

// nilablePrefix is "" for types whose values can be nil, else "*": the
// generated functions take values as nilable.
func nilablePrefix(t *model.Type) string {
	if validators.IsNilable(t) {
		return ""
	}
	return "*"
}

// emitRegister writes the function that registers the root types'
// validation with a scheme.
func (e *emitter) emitRegister(roots []*model.Type, scheme model.Name) error {
	var targets []*model.Type
	for _, t := range roots {
		if hasValidations(e.nodes[t]) {
			targets = append(targets, t)
		}
	}
	if len(targets) == 0 {
		return nil
	}
	e.s("func init() { localSchemeBuilder.Register(RegisterValidations)}\n\n")
	e.s("// RegisterValidations adds validation functions to the given scheme.\n")
	e.s("// Public to allow building arbitrary schemes.\n")
	e.p("func RegisterValidations(scheme *%s) error {\n", e.sym(scheme))
	for _, t := range targets {
		resources, err := resourceList(t, e.lines)
		if err != nil {
			return err
		}
		pfx := nilablePrefix(t)
		e.p("// type %s\n", names.Public(t.Name.Name))
		e.s("scheme.AddValidationFunc(\n")
		e.p("    (%s%s)(nil),\n", pfx, e.typ(t))
		e.p("    func(ctx %s, op %s, obj, oldObj interface{}) %s {\n", e.context(), e.operation("Operation"), e.field("ErrorList"))
		e.s("switch op.Request.SubresourcePath() {\n")
		e.s("case " + strings.Join(resources, ", ") + ":\n")
		e.p("    return Validate_%s(\n", t.Name.Name)
		e.s("               ctx,                op,                nil /* fldPath */,\n")
		e.p("               obj.(%s%s),\n", pfx, e.typ(t))
		e.p("               %s[%s%s](oldObj))\n", e.safe("Cast"), pfx, e.typ(t))
		e.s("  }\n")
		e.p("  return %s{\n", e.field("ErrorList"))
		e.p("      %s(          nil,           %s(\"no validation found for %%T, subresource: %%v\", obj, op.Request.SubresourcePath())),\n", e.field("InternalError"), e.fmt("Errorf"))
		e.s("  }\n")
		e.s("})\n")
	}
	e.s("return nil\n")
	e.s("}\n\n")
	return nil
}

// emitVariables writes the package-level variables of a type's (and its
// fields') validations, each group sorted by name.
func (e *emitter) emitVariables(t *model.Type) error {
	n := e.nodes[t]
	if n == nil {
		return nil
	}
	emit := func(vars []validators.Variable) error {
		slices.SortFunc(vars, func(a, b validators.Variable) int { return strings.Compare(a.Name.Name, b.Name.Name) })
		for _, v := range vars {
			e.p("var %s = ", names.Private(v.Name.Name))
			if err := e.literal(v.Init, true); err != nil {
				return err
			}
			e.s("\n")
		}
		return nil
	}
	if err := emit(n.typeValidations.Variables); err != nil {
		return err
	}
	for _, f := range n.fields {
		if err := emit(f.fieldValidations.Variables); err != nil {
			return err
		}
	}
	return nil
}

// emitFunction writes Validate_<T>, when T has validations.
func (e *emitter) emitFunction(t *model.Type) error {
	n := e.nodes[t]
	if !hasValidations(n) {
		return nil
	}
	e.p("// Validate_%s validates an instance of %s according\n", t.Name.Name, names.Public(t.Name.Name))
	e.s("// to declarative validation rules in the API schema.\n")
	e.p("func Validate_%s(\n", t.Name.Name)
	e.p("    ctx %s,     op %s,     fldPath *%s,\n", e.context(), e.operation("Operation"), e.field("Path"))
	e.p("    obj, oldObj %s%s) (errs %s) {\n\n", nilablePrefix(t), e.typ(t), e.field("ErrorList"))
	if err := e.emitChild(&childNode{node: n, childType: t}); err != nil {
		return err
	}
	e.s("return errs\n")
	e.s("}\n\n")
	return nil
}

// emitChild writes the validation of one value, obj and oldObj (nilable)
// at fldPath: the type's own validations, then its parts.
func (e *emitter) emitChild(c *childNode) error {
	n := c.node
	t := n.valueType
	didSome := false

	emit := func(v validators.Validations) error {
		e.comments(v.Comments)
		if err := e.calls(v.Calls); err != nil {
			return err
		}
		e.s("\n")
		didSome = true
		return nil
	}
	if v := n.typeValidations; !v.Empty() {
		if t.Kind != model.Struct && t.Kind != model.Defined {
			return fmt.Errorf("unexpected type-validations on type %s, kind %s", validators.GengoName(t), validators.GengoKind(t))
		}
		if err := emit(v); err != nil {
			return err
		}
	}
	// The calls of a part's function count only if the part has
	// validations.
	if v := n.typeIterations.keys; !v.Empty() && hasValidations(n.resolveKeyNode()) {
		if err := emit(v); err != nil {
			return err
		}
	}
	if v := n.typeIterations.vals; !v.Empty() && hasValidations(n.resolveElemNode()) {
		if err := emit(v); err != nil {
			return err
		}
	}
	if n.typeValidations.OpaqueType {
		return nil
	}

	switch t.Kind {
	case model.Builtin, model.Slice, model.Map, model.Interface:
	case model.Defined:
		if n.underlying != nil && n.underlying.node != nil {
			return e.emitChild(n.underlying)
		}
	case model.Struct:
		for _, f := range n.fields {
			if err := e.emitField(t, f, didSome); err != nil {
				return at(f.member.Pos, err)
			}
			didSome = true
		}
	default:
		return fmt.Errorf("unhandled type: %s (kind %s)", validators.GengoName(t), validators.GengoKind(t))
	}
	return nil
}

// emitField writes the block that validates one field of the struct t.
//
// Ratcheting checks (unchanged values are not validated again) are
// written for struct fields only, and only when there is something to
// call: a type's function assumes its caller checked.
func (e *emitter) emitField(t *model.Type, f *childNode, didSome bool) error {
	b := e.with(e.sub())

	if nt := validators.NativeType(f.childType); nt.Kind == model.Slice && nt.Elem.Kind == model.Pointer {
		propagates := f.node != nil && hasValidations(f.node)
		if len(f.fieldValidations.Calls) > 0 || propagates {
			// First: the calls after it may assume there are no nils.
			f.fieldValidations.Calls = append([]validators.Call{validators.PtrSliceNoNils(nt.Elem.Elem.Name)}, f.fieldValidations.Calls...)
		}
	}

	checked := false
	ratchet := func() {
		if !checked {
			b.ratchetingCheck(f.childType)
			checked = true
		}
	}
	if v := f.fieldValidations; !v.Empty() {
		b.comments(v.Comments)
		if len(v.Calls) > 0 {
			ratchet()
			b.s("// call field-attached validations\n")
			if err := b.calls(v.Calls); err != nil {
				return err
			}
		}
	}
	if f.node != nil {
		switch f.node.valueType.Kind {
		case model.Defined, model.Struct:
			if hasValidations(f.node) {
				if f.node.funcName.Name == "" {
					// Upstream writes a call of no function.
					return fmt.Errorf("field %s.%s: fields of anonymous struct types cannot have validations (upstream writes code that does not compile); declare the struct as a named type", validators.GengoName(t), f.name)
				}
				ratchet()
				b.s("// call the type's validation function\n")
				b.p("errs = append(errs, %s(ctx, op, fldPath, obj, oldObj)...)\n", b.sym(b.resolveFunc(f.node.funcName)))
			}
		}
		iterations := func(v validators.Validations, node *typeNode) error {
			if v.Empty() || node == nil || !hasValidations(node) {
				return nil
			}
			b.comments(v.Comments)
			if len(v.Calls) > 0 {
				ratchet()
				return b.calls(v.Calls)
			}
			return nil
		}
		if err := iterations(f.fieldIterations.keys, f.node.resolveKeyNode()); err != nil {
			return err
		}
		if err := iterations(f.fieldIterations.vals, f.node.resolveElemNode()); err != nil {
			return err
		}
		if k := f.node.valueType.Kind; k == model.Slice || k == model.Map {
			if err := b.emitChild(f); err != nil {
				return err
			}
		}
	}

	if b.buf.Len() == 0 {
		e.p("// field %s.%s has no validation\n", e.typ(t), f.name)
		return nil
	}
	leaf, typePfx, exprPfx := leafAndPrefixes(f.childType)
	if didSome {
		e.s("\n")
	}
	e.p("{ // field %s.%s\n", e.typ(t), f.name)
	e.s("    fn := func(\n")
	e.p("        fldPath *%s,\n", e.field("Path"))
	e.p("        obj, oldObj %s%s,\n", typePfx, e.typ(leaf))
	e.p("        oldValueCorrelated bool) (errs %s) {\n", e.field("ErrorList"))
	e.buf.Write(b.buf.Bytes())
	e.s("            return\n")
	e.s("    }\n")
	// oldObj != nil tells the field's function whether the old value
	// was there to correlate with (safe.Field gives nil either way).
	e.p("    oldVal := %s(oldObj,\n", e.safe("Field"))
	e.p("        func(oldObj *%s) %s%s {\n", e.typ(t), typePfx, e.typ(leaf))
	e.p("            return %soldObj.%s\n", exprPfx, f.name)
	e.s("        })\n")
	e.s("    errs = append(errs, fn(")
	if f.jsonName != "" {
		e.p("fldPath.Child(\"%s\"), ", f.jsonName)
	} else {
		// An embedded field of a root type: fldPath may be nil.
		e.p("%s(fldPath, func() *%s { return fldPath.Child(\"%s\") }), ", e.safe("Value"), e.field("Path"), e.typ(leaf))
	}
	e.p("    %sobj.%s, oldVal, oldObj != nil)...)\n", exprPfx, f.name)
	e.s("}\n")
	e.s("\n")
	return nil
}

// ratchetingCheck returns early from a field's function on an update
// that did not change the value.
func (e *emitter) ratchetingCheck(t *model.Type) {
	e.s("// don't revalidate unchanged data\n")
	e.p("if oldValueCorrelated && op.Type == %s {\n", e.operation("Update"))
	if validators.IsDirectComparable(validators.NonPointer(validators.NativeType(t))) {
		e.s("  if obj == oldObj || (obj != nil && oldObj != nil && *obj == *oldObj) {\n")
	} else {
		e.p("  if %s.DeepEqual(obj, oldObj) {\n", e.im.Qualify(equalityPkg, "Semantic"))
	}
	e.s("    return nil\n")
	e.s("  }\n")
	e.s("}\n")
}

func (e *emitter) comments(lines []string) {
	for _, c := range lines {
		e.s("// " + c + "\n")
	}
}

// cohorts groups calls: the unnamed cohort first, then the named ones in
// the order they first appear; short-circuiting calls first in each.
func cohorts(calls []validators.Call) [][]validators.Call {
	var names []string
	byName := map[string][]validators.Call{}
	for _, c := range calls {
		if _, ok := byName[c.Cohort]; !ok && c.Cohort != "" {
			names = append(names, c.Cohort)
		}
		byName[c.Cohort] = append(byName[c.Cohort], c)
	}
	if len(byName[""]) > 0 {
		names = append([]string{""}, names...)
	}
	var out [][]validators.Call
	for _, name := range names {
		var first, later []validators.Call
		for _, c := range byName[name] {
			if c.Flags.Has(validators.ShortCircuit) {
				first = append(first, c)
			} else {
				later = append(later, c)
			}
		}
		out = append(out, append(first, later...))
	}
	return out
}

// calls writes the calls of one place (with obj, oldObj and fldPath in
// scope), by cohort.
func (e *emitter) calls(calls []validators.Call) error {
	for _, cohort := range cohorts(calls) {
		name := cohort[0].Cohort
		if name != "" {
			e.p("func() { // cohort = \"%s\"\n", name)
		}
		err := e.callsInOrder(cohort, "return // do not proceed", func(c validators.Call) { e.comments(c.Comments) },
			e.conditionalCall, func(c validators.Call) error {
				e.s("if e := ")
				if err := e.conditionalCall(c); err != nil {
					return err
				}
				e.s("; len(e) != 0 {\n")
				e.s("  errs = append(errs, e...)\n")
				e.s("}\n")
				return nil
			})
		if err != nil {
			return err
		}
		if name != "" {
			e.s("}()\n")
		}
	}
	return nil
}

// callsInOrder writes calls one after the other. A short-circuiting call
// that reports errors (kept unless it is NonError) stops the calls after
// the last short-circuiting one: stop is the statement that returns.
// before writes what goes before each call (nil: nothing), call a call
// expression, plain a whole call that does not short-circuit.
func (e *emitter) callsInOrder(calls []validators.Call, stop string, before func(validators.Call), call, plain func(validators.Call) error) error {
	last := -1
	for i, c := range calls {
		if c.Flags.Has(validators.ShortCircuit) {
			last = i
		}
	}
	if last >= 0 {
		e.s("earlyReturn := false\n")
	}
	for i, c := range calls {
		if before != nil {
			before(c)
		}
		switch nonError := c.Flags.Has(validators.NonError); {
		case c.Flags.Has(validators.ShortCircuit):
			e.s("if e := ")
			if err := call(c); err != nil {
				return err
			}
			e.s("; len(e) != 0 {\n")
			if !nonError {
				e.s("  errs = append(errs, e...)\n")
			}
			e.s("  earlyReturn = true\n")
			e.s("}\n")
			if i == last {
				e.s("if earlyReturn {\n")
				e.s("  " + stop + "\n")
				e.s("}\n")
			}
		case nonError:
			return errNonError(c)
		default:
			if err := plain(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// conditionalCall writes a call with the standard arguments, wrapped in
// a check of its options when it has conditions.
func (e *emitter) conditionalCall(c validators.Call) error {
	if c.Conditions.Empty() {
		return e.standardCall(c)
	}
	lookup := func(v, option string) {
		q := strconv.Quote(option)
		e.p("  %s, defined := op.HasOption(%s)\n", v, q)
		e.s("  if !defined {\n")
		e.p("    return %s{%s(fldPath, %s(\"undefined validation option %%q\", %s))}\n", e.field("ErrorList"), e.field("InternalError"), e.fmt("Errorf"), q)
		e.s("  }\n")
	}
	e.p("func() %s {\n", e.field("ErrorList"))
	if c.Conditions.OptionEnabled != "" {
		lookup("optionEnabled", c.Conditions.OptionEnabled)
	}
	if c.Conditions.OptionDisabled != "" {
		lookup("optionDisabled", c.Conditions.OptionDisabled)
	}
	e.s("  if ")
	var conds []string
	if c.Conditions.OptionEnabled != "" {
		conds = append(conds, "optionEnabled")
	}
	if c.Conditions.OptionDisabled != "" {
		conds = append(conds, "!optionDisabled")
	}
	e.s(strings.Join(conds, " && "))
	e.s(" {\n")
	e.s("    return ")
	if err := e.standardCall(c); err != nil {
		return err
	}
	e.s("\n")
	e.s("  }\n")
	e.s("  return nil // skip validation\n")
	e.s("}()")
	return nil
}

// standardCall writes Function[TypeArgs](ctx, op, fldPath, obj, oldObj,
// Args...) with its marks.
func (e *emitter) standardCall(c validators.Call) error {
	e.s(e.sym(e.resolveFunc(c.Function)))
	e.typeArgs(c.TypeArgs)
	e.s("(ctx, op, fldPath, obj, oldObj")
	for _, a := range c.Args {
		e.s(", ")
		if err := e.literal(a, true); err != nil {
			return err
		}
	}
	e.s(")")
	e.stability(c.Stability)
	if c.Flags.Has(validators.ShortCircuit) {
		e.s(".MarkShortCircuit()")
	}
	return nil
}

func (e *emitter) typeArgs(args []model.Name) {
	if len(args) == 0 {
		return
	}
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = e.sym(a)
	}
	e.s("[" + strings.Join(names, ",") + "]")
}

func (e *emitter) stability(s validators.Stability) {
	switch s {
	case validators.Alpha:
		e.s(".MarkAlpha()")
	case validators.Beta:
		e.s(".MarkBeta()")
	}
}

// leafAndPrefixes returns the value type under a field's pointers, the
// prefix that makes that type nilable ("*" or "") and the prefix that
// makes the field's value so ("&", "", or "*"s for extra pointers).
func leafAndPrefixes(t *model.Type) (leaf *model.Type, typePfx, exprPfx string) {
	leaf = t
	ptrs := 0
	for leaf.Kind == model.Pointer {
		ptrs++
		leaf = leaf.Elem
	}
	if validators.IsNilable(leaf) {
		return leaf, "", strings.Repeat("*", ptrs)
	}
	if ptrs == 0 {
		return leaf, "*", "&"
	}
	return leaf, "*", strings.Repeat("*", ptrs-1)
}

// errNonError reports a NonError call that does not short-circuit:
// upstream writes it without a line break, code that does not compile.
func errNonError(c validators.Call) error {
	return fmt.Errorf("tag %q: a NonError validation must also be ShortCircuit (upstream writes code that does not compile)", c.Tag)
}
