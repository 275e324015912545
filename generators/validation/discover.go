package validation

import (
	"errors"
	"fmt"
	"go/token"
	"unicode"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/validation/validators"
)

// A typeNode is what discovery learnt about one value type (never a
// pointer): the validations its tags ask for and its parts. Nodes are
// shared by every place the type is used.
type typeNode struct {
	valueType  *model.Type
	funcName   model.Name // Validate_<T> of a named type of an included package
	referenced bool       // reached as a part of another type

	fields     []*childNode // structs
	key        *childNode   // maps
	elem       *childNode   // maps and slices
	underlying *childNode   // defined types

	typeValidations validators.Validations
	typeIterations  iterations // of a defined map or slice
}

// A childNode is a use of a type inside another: a field, the elements
// or keys of a list or map, the underlying type of a defined one.
type childNode struct {
	name, jsonName string        // fields only
	member         *model.Member // fields only
	childType      *model.Type   // as written, pointer or not
	node           *typeNode     // nil for a type of a package not included

	fieldValidations validators.Validations
	fieldIterations  iterations // of an unnamed map or slice
}

// iterations are the calls of a map's or list's key and value types'
// functions on each key and value; they count only if those types have
// validations.
type iterations struct{ keys, vals validators.Validations }

func (n *typeNode) resolveElemNode() *typeNode {
	if n.elem != nil {
		return n.elem.node
	}
	if n.underlying != nil && n.underlying.node != nil && n.underlying.node.elem != nil {
		return n.underlying.node.elem.node
	}
	return nil
}

func (n *typeNode) resolveKeyNode() *typeNode {
	if n.key != nil {
		return n.key.node
	}
	if n.underlying != nil && n.underlying.node != nil && n.underlying.node.key != nil {
		return n.underlying.node.key.node
	}
	return nil
}

// discoverer builds the graph of typeNodes of a run, over every input.
type discoverer struct {
	reg       *validators.Registry
	canonical map[string]string // included package → the package callers call
	consts    map[*model.Type][]*validators.Constant
	nodes     map[*model.Type]*typeNode
	lines     func([]model.Line) []codetags.Line
}

// posError gives an error the position of the declaration it is about,
// when it has no tag position.
type posError struct {
	pos token.Position
	err error
}

func (e *posError) Error() string { return e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

// at positions err at pos unless it has a position already.
func at(pos token.Position, err error) error {
	var pe *posError
	if err == nil || errors.As(err, &pe) {
		return err
	}
	if _, ok := validators.TagPos(err); ok || !pos.IsValid() {
		return err
	}
	return &posError{pos: pos, err: err}
}

// positioned turns err into "file:line:col: message", the position being
// the tag's or the declaration's.
func positioned(err error) error {
	if err == nil {
		return nil
	}
	pos, ok := validators.TagPos(err)
	var pe *posError
	if !ok && errors.As(err, &pe) {
		pos, ok = pe.pos, true
	}
	if !ok {
		return err
	}
	return model.PosErrorf(pos, "%s", err.Error())
}

// initConstants records the tagged constants of the included packages,
// by type, and checks their tags.
func (d *discoverer) initConstants(pkgs []*model.Package) error {
	for _, p := range pkgs {
		for _, c := range p.Consts {
			ctx := validators.Context{Scope: validators.ScopeConst, Type: c.Type}
			tags, err := d.reg.ExtractTags(d.lines(c.Doc.Lines))
			if err == nil && len(tags) > 0 {
				_, err = d.reg.ExtractValidations(ctx, tags...)
			}
			if err != nil {
				return at(c.Pos, fmt.Errorf("constant %s: %w", c.Name, err))
			}
			d.consts[c.Type] = append(d.consts[c.Type], &validators.Constant{Const: c, Tags: tags})
		}
	}
	return nil
}

// discoverRoot discovers a root type and everything it uses.
func (d *discoverer) discoverRoot(t *model.Type) error {
	if t.Kind == model.Pointer {
		return at(t.Pos, fmt.Errorf("type %v: pointer root-types are not supported", validators.GengoName(t)))
	}
	_, err := d.discoverType(t, field.NewPath(t.Name.String()))
	return err
}

func (d *discoverer) included(t *model.Type) bool {
	_, ok := d.canonical[t.Name.Package]
	return ok
}

func (d *discoverer) discoverType(t *model.Type, fldPath *field.Path) (*typeNode, error) {
	// Types of other packages are opaque; builtins are in package "".
	if t.Name.Package != "" && !d.included(t) {
		return nil, nil
	}
	if err := verifySupportedType(t); err != nil {
		return nil, fmt.Errorf("field %s (%s): %w", fldPath.String(), validators.GengoName(t), err)
	}
	if t.Kind == model.Pointer {
		return d.discoverType(t.Elem, fldPath)
	}
	if n, ok := d.nodes[t]; ok {
		return n, nil
	}
	n := &typeNode{valueType: t}
	d.nodes[t] = n

	named := t.Kind == model.Defined || t.Kind == model.Struct
	if named {
		fldPath = field.NewPath(t.Name.String())
		if t.Name.Package != "" && d.included(t) {
			n.funcName = model.Name{Package: t.Name.Package, Name: "Validate_" + t.Name.Name}
		}
	}

	switch t.Kind {
	case model.Defined:
		node, err := d.discoverChild(t.Underlying, fldPath)
		if err != nil {
			return nil, err
		}
		n.underlying = &childNode{childType: t.Underlying, node: node}
	case model.Struct:
		if err := d.discoverStruct(n, fldPath); err != nil {
			return nil, err
		}
	case model.Slice:
		node, err := d.discoverChild(t.Elem, fldPath.Key("vals"))
		if err != nil {
			return nil, err
		}
		n.elem = &childNode{childType: t.Elem, node: node}
	case model.Map:
		node, err := d.discoverChild(t.Key, fldPath.Key("keys"))
		if err != nil {
			return nil, err
		}
		n.key = &childNode{childType: t.Key, node: node}
		node, err = d.discoverChild(t.Elem, fldPath.Key("vals"))
		if err != nil {
			return nil, err
		}
		n.elem = &childNode{childType: t.Elem, node: node}
	}

	// The type's own tags come after its parts: their validators may
	// look at the whole type.
	if named {
		if err := d.typeTags(n, fldPath); err != nil {
			return nil, at(t.Pos, err)
		}
	}

	deferred := n.typeValidations.Deferred
	n.typeValidations.Deferred = nil
	err := runDeferred(deferred, func(validators.DeferredScope) *validators.Validations { return &n.typeValidations },
		func() error {
			return fmt.Errorf("deferred validation recursion depth exceeded 10 for type %s at path %s", validators.GengoName(t), fldPath.String())
		}, func(err error) error { return err })
	if err != nil {
		return nil, at(t.Pos, err)
	}
	return n, nil
}

// runDeferred runs deferred work and the work it defers in turn, to a
// depth of 10 as upstream. into is where the results of a scope go,
// tooDeep the error past that depth, failed the error of a run that
// failed.
func runDeferred(deferred []validators.Deferred, into func(validators.DeferredScope) *validators.Validations, tooDeep func() error, failed func(error) error) error {
	for depth := 1; len(deferred) > 0; depth++ {
		if depth > 10 {
			return tooDeep()
		}
		var next []validators.Deferred
		for _, def := range deferred {
			res, err := def.Run()
			if err != nil {
				return failed(err)
			}
			next = append(next, res.Deferred...)
			res.Deferred = nil
			switch def.Scope {
			case validators.ThisContext, validators.ParentContext:
				into(def.Scope).Add(res)
			default:
				return fmt.Errorf("unexpected scope %v", def.Scope)
			}
		}
		deferred = next
	}
	return nil
}

// typeTags evaluates the tags of a named type, and for defined lists and
// maps prepares the calls of their element and key types' functions.
func (d *discoverer) typeTags(n *typeNode, fldPath *field.Path) error {
	t := n.valueType
	ctx := validators.Context{Scope: validators.ScopeType, Type: t, Path: fldPath, Constants: d.consts[t]}
	v, err := d.tagValidations(ctx, t.Doc.Lines, fldPath.String())
	if err != nil {
		return err
	}
	n.typeValidations.Add(v)
	if t.Kind != model.Defined {
		return nil
	}
	kind := validators.NonPointer(validators.NativeType(t)).Kind
	return d.iterations(&n.typeIterations, kind, fldPath, t, n.typeValidations, n.resolveKeyNode(), n.resolveElemNode())
}

// tagValidations evaluates the tags among lines, the comment of the
// place at ctx (named so in errors).
func (d *discoverer) tagValidations(ctx validators.Context, lines []model.Line, place string) (validators.Validations, error) {
	tags, err := d.reg.ExtractTags(d.lines(lines))
	if err != nil {
		return validators.Validations{}, fmt.Errorf("%s: %w", place, err)
	}
	v, err := d.reg.ExtractValidations(ctx, tags...)
	if err != nil {
		return validators.Validations{}, fmt.Errorf("%s: %w", place, err)
	}
	if !v.Empty() && mapOfSlices(ctx.Type) {
		return validators.Validations{}, fmt.Errorf("field %s: validation for map of slices is not supported", ctx.Path)
	}
	return v, nil
}

// iterations records into the calls of the key and value types'
// functions on each key and value of t, a map or list (of the given
// kind) at fldPath whose own validations are own; key and elem are the
// nodes of its key and value types.
func (d *discoverer) iterations(into *iterations, kind model.Kind, fldPath *field.Path, t *model.Type, own validators.Validations, key, elem *typeNode) error {
	switch kind {
	case model.Slice:
		return d.iterate(&into.vals, elem, own.OpaqueValType, fldPath, t, listValues)
	case model.Map:
		if err := d.iterate(&into.keys, key, own.OpaqueKeyType, fldPath, t, mapKeys); err != nil {
			return err
		}
		return d.iterate(&into.vals, elem, own.OpaqueValType, fldPath, t, mapValues)
	}
	return nil
}

// iteration describes one kind of iteration.
type iteration struct {
	keys          bool   // over the keys of a map, not the values
	part, eachTag string // for messages: "value", "k8s:eachVal"
	tag, comment  string // of the call
	what          string // for messages: what was generated
}

var (
	listValues = iteration{part: "value", eachTag: "k8s:eachVal", tag: "iterateListValues",
		comment: "iterate the list and call the type's validation function", what: "list iteration"}
	mapValues = iteration{part: "value", eachTag: "k8s:eachVal", tag: "iterateMapValues",
		comment: "iterate the map and call the value type's validation function", what: "map value iteration"}
	mapKeys = iteration{keys: true, part: "key", eachTag: "k8s:eachKey", tag: "iterateMapKeys",
		comment: "iterate the map and call the key type's validation function", what: "map key iteration"}
)

// iterate records into the call of the function of part (the key or
// value type of the map or list t, nil when not included) on each key or
// value, when part has a function and is not opaque.
func (d *discoverer) iterate(into *validators.Validations, part *typeNode, opaque bool, fldPath *field.Path, t *model.Type, it iteration) error {
	switch {
	case part == nil:
		if !opaque {
			partType := validators.NativeType(t).Elem
			if it.keys {
				partType = validators.NativeType(t).Key
			}
			return fmt.Errorf("%v: %s type %v is in a non-included package; "+
				"either add this package to validation-gen's --readonly-pkg flag, "+
				"or add +%s=+k8s:opaqueType to the field to skip validation",
				fldPath, it.part, validators.GengoName(partType), it.eachTag)
		}
	case opaque, part.funcName.Name == "":
	default:
		each := d.reg.ForEachVal
		if it.keys {
			each = d.reg.ForEachKey
		}
		v, err := each(fldPath, t, validators.NewCall(it.tag, 0, part.funcName).WithComment(it.comment))
		if err != nil {
			return fmt.Errorf("generating %s: %w", it.what, err)
		}
		into.Add(v)
	}
	return nil
}

// discoverChild discovers a part of another type.
func (d *discoverer) discoverChild(t *model.Type, fldPath *field.Path) (*typeNode, error) {
	n, err := d.discoverType(t, fldPath)
	if n != nil {
		n.referenced = true
	}
	return n, err
}

// verifySupportedType rejects the shapes validation-gen does not handle.
func verifySupportedType(t *model.Type) error {
	switch t.Kind {
	case model.Builtin, model.Struct, model.Interface:
	case model.Defined:
		if t.Underlying.Kind == model.Pointer {
			return fmt.Errorf("typedefs to pointers are not supported")
		}
	case model.Pointer:
		switch validators.NativeType(t.Elem).Kind {
		case model.Pointer:
			return fmt.Errorf("pointers to pointers are not supported")
		case model.Slice, model.Array:
			return fmt.Errorf("pointers to lists are not supported")
		case model.Map:
			return fmt.Errorf("pointers to maps are not supported")
		}
	case model.Array:
		return fmt.Errorf("fixed-size arrays are not supported")
	case model.Slice:
		switch elem := validators.NativeType(t.Elem); elem.Kind {
		case model.Slice:
			if !isByte(validators.NativeType(elem.Elem)) {
				return fmt.Errorf("lists of lists are not supported")
			}
		case model.Map:
			return fmt.Errorf("lists of maps are not supported")
		}
	case model.Map:
		if key := validators.NativeType(t.Key); key.Kind != model.Builtin || key.Name.Name != "string" {
			return fmt.Errorf("maps with non-string keys are not supported")
		}
		switch validators.NativeType(t.Elem).Kind {
		case model.Pointer:
			return fmt.Errorf("maps of pointers are not supported")
		case model.Map:
			return fmt.Errorf("maps of maps are not supported")
		}
	case model.Invalid:
		return fmt.Errorf("the type does not type-check (see the compiler's errors for its package)")
	default:
		return fmt.Errorf("kind %v is not supported", validators.GengoKind(t))
	}
	return nil
}

// isByte reports whether t is byte to gengo (which int8 and uint8 are).
func isByte(t *model.Type) bool { return t.Kind == model.Builtin && validators.GengoName(t) == "byte" }

func mapOfSlices(t *model.Type) bool {
	nt := validators.NonPointer(validators.NativeType(t))
	return nt.Kind == model.Map && nt.Elem.Kind == model.Slice
}

func (d *discoverer) discoverStruct(n *typeNode, fldPath *field.Path) error {
	var fields []*childNode
	for i := range n.valueType.Members {
		m := &n.valueType.Members[i]
		if r, _ := utf8.DecodeRuneInString(m.Name); unicode.IsLower(r) {
			continue // unexported
		}
		json := validators.JSONName(m)
		childPath := fldPath.Child(m.Name)
		if json != "" {
			childPath = fldPath.Child(json)
		}
		node, err := d.discoverChild(m.Type, childPath)
		if err != nil {
			return at(m.Pos, err)
		}
		child := &childNode{name: m.Name, jsonName: json, member: m, childType: m.Type, node: node}
		if err := d.fieldTags(n, child, fldPath, childPath); err != nil {
			return at(m.Pos, err)
		}
		fields = append(fields, child)
	}

	for _, child := range fields {
		deferred := child.fieldValidations.Deferred
		child.fieldValidations.Deferred = nil
		into := func(scope validators.DeferredScope) *validators.Validations {
			if scope == validators.ParentContext {
				return &n.typeValidations
			}
			return &child.fieldValidations
		}
		of := func() string {
			return fmt.Sprintf("field %s of type %s", child.name, validators.GengoName(n.valueType))
		}
		err := runDeferred(deferred, into, func() error {
			return fmt.Errorf("deferred validation recursion depth exceeded 10 for %s", of())
		}, func(err error) error {
			return fmt.Errorf("deferred validation callback failed for %s: %w", of(), err)
		})
		if err != nil {
			return at(child.member.Pos, err)
		}
	}
	n.fields = fields
	return nil
}

// fieldTags evaluates the tags of one field and prepares the calls of
// its element and key types' functions.
func (d *discoverer) fieldTags(parent *typeNode, child *childNode, fldPath, childPath *field.Path) error {
	t := child.childType
	ctx := validators.Context{Scope: validators.ScopeField, Type: t, Path: childPath, Member: child.member, ParentPath: fldPath, ParentType: parent.valueType}
	v, err := d.tagValidations(ctx, child.member.Doc.Lines, "field "+childPath.String())
	if err != nil {
		return err
	}
	child.fieldValidations.Add(v)

	switch validators.NonPointer(t).Kind {
	case model.Struct, model.Defined:
		switch {
		case child.node == nil && !child.fieldValidations.OpaqueType:
			return fmt.Errorf("%v: type %v is in a non-included package; "+
				"either add this package to validation-gen's --readonly-pkg flag, "+
				"or add +k8s:opaqueType to the field to skip validation",
				childPath, validators.GengoName(t))
		case child.fieldValidations.OpaqueType:
			child.node = nil // opaque: as if not included
		}
	}

	return d.iterations(&child.fieldIterations, t.Kind, childPath, t, child.fieldValidations, d.fieldKeyNode(child, t.Key), d.fieldElemNode(child, t.Elem))
}

// fieldElemNode is the node of a list or map field's values; while a
// recursive type is being discovered the field's own node may not have
// it yet.
func (d *discoverer) fieldElemNode(child *childNode, elem *model.Type) *typeNode {
	if child.node != nil && child.node.elem != nil {
		return child.node.elem.node
	}
	return d.nodes[elem]
}

func (d *discoverer) fieldKeyNode(child *childNode, key *model.Type) *typeNode {
	if child.node != nil && child.node.key != nil {
		return child.node.key.node
	}
	return d.nodes[key]
}

// hasValidations reports whether anything reachable from n asks for
// generated code.
func hasValidations(n *typeNode) bool {
	return hasValidationsIn(n, map[*typeNode]bool{})
}

func hasValidationsIn(n *typeNode, seen map[*typeNode]bool) bool {
	if n == nil || seen[n] {
		return false
	}
	seen[n] = true
	if n.typeValidations.HasEmitable() {
		return true
	}
	if n.typeValidations.OpaqueType {
		return false
	}
	if n.underlying != nil {
		if n.typeIterations.keys.HasEmitable() && hasValidationsIn(n.resolveKeyNode(), seen) {
			return true
		}
		if n.typeIterations.vals.HasEmitable() && hasValidationsIn(n.resolveElemNode(), seen) {
			return true
		}
		if hasValidationsIn(n.underlying.node, seen) {
			return true
		}
	}
	for _, c := range n.fields {
		if c.fieldValidations.HasEmitable() {
			return true
		}
		if c.fieldIterations.keys.HasEmitable() && c.node != nil && hasValidationsIn(c.node.resolveKeyNode(), seen) {
			return true
		}
		if c.fieldIterations.vals.HasEmitable() && c.node != nil && hasValidationsIn(c.node.resolveElemNode(), seen) {
			return true
		}
		if hasValidationsIn(c.node, seen) {
			return true
		}
	}
	return false
}
