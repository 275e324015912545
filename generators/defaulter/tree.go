package defaulter

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/constant"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// plan is what one output package gets.
type plan struct {
	out     *model.Package                       // where the file is written
	objects map[*model.Type]*fn                  // types that get a generated object defaulter
	order   []*model.Type                        // those types, sorted by name
	consts  func(string) (*model.Package, error) // source package for ref()
}

// planPackage decides which types of the package get object defaulters:
// the candidates (by tag or field) whose call tree is not empty, given
// the hand-written functions found so far and the object defaulters
// decided so far (repeated until nothing changes).
func planPackage(ctx *run.Context, s *pkgSettings, manual manualDefaulters) (*plan, error) {
	typesPkg := ctx.Universe.Package(s.typesPath)
	p := &plan{out: s.pkg, objects: map[*model.Type]*fn{}, consts: sourcePackage(ctx)}
	var candidates []*model.Type
	for _, t := range typesPkg.Types {
		ok, err := isCandidate(t, s.fields, manual, ctx.Warnf)
		if err != nil {
			return nil, err
		}
		if ok && t.IsExported() {
			candidates = append(candidates, t)
		}
	}
	for {
		promoted := false
		for _, t := range candidates {
			if p.objects[t] != nil {
				continue
			}
			b := &builder{plan: p, manual: manual, warn: ctx.Warnf}
			tree, err := b.build(t, true)
			if err != nil {
				return nil, atType(t, err)
			}
			if tree != nil {
				p.objects[t] = &fn{pkg: s.pkg.Path, name: "SetObjectDefaults_" + t.Name.Name}
				promoted = true
			}
		}
		if !promoted {
			break
		}
	}
	for _, t := range candidates { // sorted by name, as typesPkg.Types
		if p.objects[t] != nil {
			p.order = append(p.order, t)
		}
	}
	for _, f := range s.fields {
		if !slices.ContainsFunc(typesPkg.Types, func(t *model.Type) bool {
			return slices.ContainsFunc(t.Members, func(m model.Member) bool { return m.Name == f })
		}) {
			ctx.Log(1, "%s: no type in %s has a field %s (+%s=%s)", s.pkg.Path, typesPkg.Path, f, tagEnabled, f)
		}
	}
	ctx.Log(2, "%s: %d object defaulters for types of %s", s.pkg.Path, len(p.order), typesPkg.Path)
	return p, nil
}

// sourcePackage returns a function that finds a package loaded from
// source, loading it if needed.
func sourcePackage(ctx *run.Context) func(string) (*model.Package, error) {
	return func(path string) (*model.Package, error) {
		if p := ctx.Universe.Package(path); p != nil && len(p.Files) > 0 {
			return p, nil
		}
		pkgs, err := ctx.LoadSource(path)
		if err != nil {
			return nil, err
		}
		for _, p := range pkgs {
			if p.Path == path {
				return p, nil
			}
		}
		return nil, errNoPackage
	}
}

// atType gives an error without a position the position of type t.
func atType(t *model.Type, err error) error {
	var pe *model.PosError
	if errors.As(err, &pe) {
		return err
	}
	return model.PosErrorf(t.Pos, "type %s: %v", t.Name.Name, err)
}

// errorf returns an error without a position, which the field that the
// error is found under adds.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

type constError string

func (e constError) Error() string { return string(e) }

const errNoPackage = constError("no Go package with that import path")

// isCandidate reports whether a type may get an object defaulter: not if
// one is written by hand, or the type opts out; yes if it opts in, or is a
// struct with one of the package tag's fields.
func isCandidate(t *model.Type, fields []string, manual manualDefaulters, warn warnFunc) (bool, error) {
	if d := manual[t]; d != nil && d.object != nil {
		return false, nil
	}
	for _, tag := range model.FindTags(t.Doc.Lines, tagEnabled) {
		warn(tag.Pos, "+%s on type %s is in its doc comment, where defaulter-gen does not read it, so it has no effect: put it in a comment block of its own above, separated by a blank line", tagEnabled, t.Name.Name)
		break
	}
	tags := model.FindTags(t.Detached.Lines, tagEnabled)
	for _, tag := range tags {
		if tag.Err != nil {
			return false, tag.Err
		}
		if tag.HasArgs {
			return false, tag.Errorf("+%s takes no arguments in parentheses", tagEnabled)
		}
	}
	switch {
	case len(tags) > 1:
		// Upstream honours the tag only when it is given once.
		warn(tags[1].Pos, "+%s appears %d times on type %s, so none of them has an effect; keep one", tagEnabled, len(tags), t.Name.Name)
	case len(tags) == 1 && tags[0].Value == "false":
		return false, nil
	case len(tags) == 1 && tags[0].Value == "true":
		return true, nil
	case len(tags) == 1:
		warn(tags[0].Pos, "unsupported value %q for type tag +%s, which has no effect: use \"true\" or \"false\" (field names go in doc.go)", tags[0].Value, tagEnabled)
	}
	if t.Kind == model.Struct {
		for _, m := range t.Members {
			for _, f := range fields {
				if m.Name == f {
					return true, nil
				}
			}
		}
	}
	return false, nil
}

// node is one step of the path from the object to what is defaulted:
// a field, the elements of a slice or the values of a map, or the target
// of a pointer; with the functions to call there and its children.
type node struct {
	field      string
	key        bool // the values of a map
	index      bool // the elements of a slice or array
	elem       bool // a pointer, checked for nil
	markerOnly bool // only here for a +default value
	calls      []*fn
	children   []*node
	def        *defaultValue
}

// defaultValue is a +default value and how it is assigned.
type defaultValue struct {
	literal   string      // JSON text, written as Go (primitives) or unmarshalled
	ref       *model.Name // or a constant
	primitive bool        // basic type, or pointers to one: assigned directly
	base      *model.Type // the basic type under pointers and named types
	top       *model.Type // the field's own type
}

// builder builds call trees for one package.
type builder struct {
	plan     *plan
	manual   manualDefaulters
	building map[*model.Type]bool
	warn     warnFunc // run.Context.Warnf
}

// warnFunc reports a problem upstream lets pass (run.Context.Warnf).
type warnFunc func(pos token.Position, format string, args ...any)

// build returns the call tree for a value of type t, or nil if nothing is
// to be done for it. A type's own generated object defaulter (or a
// hand-written one, or a covering SetDefaults_) ends the descent.
func (b *builder) build(t *model.Type, root bool) (*node, error) {
	n := &node{elem: root}
	d := b.manual[t]
	if d == nil {
		d = &defaults{}
	}
	if obj := b.plan.objects[t]; !root && obj != nil {
		n.calls = append(n.calls, obj)
		return n, nil
	}
	if d.object != nil {
		n.calls = append(n.calls, d.object)
		return n, nil
	}
	if d.base != nil {
		n.calls = append(n.calls, d.base)
		covers, err := coversTag(d.base.decl, b.warn)
		if err != nil || covers {
			return n, err
		}
	}
	n.calls = append(n.calls, d.additional...)

	if b.building == nil {
		b.building = map[*model.Type]bool{}
	}
	if b.building[t] {
		return nil, nil // a recursive type: defaulted where it started
	}
	b.building[t] = true
	defer func() { b.building[t] = false }()

	switch t.Kind {
	case model.Pointer:
		child, err := b.build(t.Elem, false)
		if err != nil {
			return nil, err
		}
		if child != nil {
			child.elem = true
			n.children = append(n.children, child)
		}
	case model.Slice, model.Array, model.Map:
		child, err := b.build(t.Elem, false)
		if err != nil {
			return nil, err
		}
		if child == nil {
			if child, err = b.withDefault(nil, t.Elem, t.Elem.Doc.Lines, t.Elem.Name.Package); err != nil {
				return nil, err
			}
		} else if t.Kind != model.Map && t.Elem.Kind == model.Pointer {
			child.elem = true
		} else if k := t.Elem.Resolved().Kind; t.Kind != model.Map && (k == model.Slice || k == model.Map) {
			// Upstream ranges over a pointer to the inner slice or map,
			// which does not compile.
			return nil, errorf("its type %s is a slice of %ss whose elements need defaulting, which defaulter-gen cannot write code for: use a slice of structs that hold them, or default the field in a SetDefaults_ function", t.Name, k)
		}
		if child != nil {
			child.key = t.Kind == model.Map
			child.index = !child.key
			n.children = append(n.children, child)
		}
	case model.Struct:
		for _, m := range t.Members {
			child, err := b.build(m.Type, false)
			if err == nil && child != nil {
				_, err = b.withDefault(child, m.Type, m.Doc.Lines, m.Type.Name.Package)
			} else if err == nil {
				child, err = b.withDefault(nil, m.Type, m.Doc.Lines, t.Name.Package)
			}
			if err != nil {
				var pe *model.PosError
				if !errors.As(err, &pe) {
					err = model.PosErrorf(m.Pos, "field %s.%s: %v", t.Name.Name, m.Name, err)
				}
				return nil, err
			}
			if child != nil {
				child.field = m.Name
				n.children = append(n.children, child)
			}
		}
	case model.Defined:
		child, err := b.build(t.Underlying, false)
		if err != nil {
			return nil, err
		}
		if child != nil {
			n.children = append(n.children, child)
		}
	}
	if len(n.children) == 0 && len(n.calls) == 0 {
		return nil, nil
	}
	return n, nil
}

// coversTag reports whether a SetDefaults_ function says it covers
// everything below its type.
func coversTag(f *model.Function, warn warnFunc) (bool, error) {
	if f == nil {
		return false, nil
	}
	tags := model.FindTags(f.Doc.Lines, tagEnabled)
	for _, tag := range tags {
		if tag.Err != nil {
			return false, tag.Err
		}
		if tag.HasArgs {
			return false, tag.Errorf("+%s takes no arguments in parentheses", tagEnabled)
		}
	}
	// Upstream honours only a single +k8s:defaulter-gen=covers.
	switch {
	case len(tags) > 1:
		warn(tags[1].Pos, "+%s appears %d times on function %s, so it does not count as covers; keep one +%[1]s=covers", tagEnabled, len(tags), f.Name)
		return false, nil
	case len(tags) == 1 && tags[0].Value != "covers":
		warn(tags[0].Pos, "unsupported value %q for +%s on function %s, which has no effect: the only one is \"covers\"", tags[0].Value, tagEnabled, f.Name)
		return false, nil
	}
	return len(tags) == 1, nil
}

var refPattern = regexp.MustCompile(`^ref\(([^"]+)\)$`)

// zeroValues are the values that a +default equal to is ignored, by type
// name, as upstream has them (JSON numbers are float64).
var zeroValues = map[string]any{
	"uint": 0., "uint8": 0., "uint16": 0., "uint32": 0., "uint64": 0.,
	"int": 0., "int8": 0., "int16": 0., "int32": 0., "int64": 0.,
	"byte": 0., "float64": 0., "float32": 0., "bool": false,
	"time.Time": "", "string": "", "[]byte": "", "interface{}": nil,
}

// zeroLiterals spell the zero value of basic types in the generated
// comparison.
var zeroLiterals = map[string]string{
	"uint": "0", "uint8": "0", "uint16": "0", "uint32": "0", "uint64": "0",
	"int": "0", "int8": "0", "int16": "0", "int32": "0", "int64": "0",
	"byte": "0", "float64": "0", "float32": "0", "bool": "false", "string": `""`,
}

// withDefault reads the +default tag among lines (for a value of type t)
// and records it on n, making a marker-only node if n is nil. It returns
// the node, or nil if there is no default.
func (b *builder) withDefault(n *node, t *model.Type, lines []model.Line, pkg string) (*node, error) {
	tag, err := defaultTag(lines)
	if err != nil {
		return nil, err
	}
	base, depth := resolve(t)
	if depth > 0 && tag == nil {
		if tag, err = nestedDefault(t); err != nil {
			return nil, err
		}
	}
	if tag == nil {
		return n, nil
	}
	dv := &defaultValue{base: base, top: t, primitive: isPrimitive(base)}
	if m := refPattern.FindStringSubmatch(tag.Value); m != nil {
		name := model.Name{Name: m[1], Package: pkg}
		if i := strings.LastIndex(m[1], "."); i >= 0 {
			name = model.Name{Package: m[1][:i], Name: m[1][i+1:]}
		}
		if err := b.checkRef(tag, name, dv); err != nil {
			return nil, err
		}
		dv.ref = &name
	} else {
		var v any
		if err := json.Unmarshal([]byte(tag.Value), &v); err != nil {
			return nil, tag.Errorf("+%s=%s is not JSON (%v): write a JSON value (\"text\", 1, true, {...}) or ref(Constant)", tagDefault, tag.Value, err)
		}
		if v == nil {
			return nil, tag.Errorf("+%s=null does nothing: remove it", tagDefault)
		}
		if reflect.DeepEqual(v, zeroValues[t.Name.String()]) {
			return n, nil // the zero value: nothing to do
		}
		if err := checkLiteral(tag, v, dv); err != nil {
			return nil, err
		}
		dv.literal = tag.Value
	}
	if n == nil {
		n = &node{markerOnly: true}
	}
	n.def = dv
	return n, nil
}

// defaultTag returns the +default tag among lines, or nil.
func defaultTag(lines []model.Line) (*model.Tag, error) {
	tags := model.FindTags(lines, tagDefault)
	if len(tags) > 1 {
		return nil, tags[1].Errorf("+%s appears %d times; keep one", tagDefault, len(tags))
	}
	if len(tags) == 0 {
		return nil, nil
	}
	tag := tags[0]
	switch {
	case tag.Err != nil:
		return nil, tag.Err
	case tag.HasArgs:
		return nil, tag.Errorf("+%s takes no arguments in parentheses: write +%s=<value>", tagDefault, tagDefault)
	case tag.Value == "":
		return nil, tag.Errorf("+%s has no value: write +%s=<JSON value> or +%s=ref(Constant)", tagDefault, tagDefault, tagDefault)
	}
	return &tag, nil
}

// nestedDefault finds a +default on the named types that a pointer type
// leads to (type Protocol string with a +default applies to *Protocol
// fields).
func nestedDefault(t *model.Type) (*model.Tag, error) {
	for t != nil {
		tag, err := defaultTag(t.Doc.Lines)
		if tag != nil || err != nil {
			return tag, err
		}
		switch t.Kind {
		case model.Defined:
			t = t.Underlying
		case model.Pointer:
			t = t.Elem
		default:
			t = nil
		}
	}
	return nil, nil
}

// resolve follows named types and pointers to the type below them, and
// counts the pointers.
func resolve(t *model.Type) (*model.Type, int) {
	base, path := pointers(t)
	return base, len(path)
}

// pointerPath returns the types that the pointers of t point to, in order
// (named types are seen through).
func pointerPath(t *model.Type) []*model.Type {
	_, path := pointers(t)
	return path
}

// pointers follows named types and pointers from t: the type below them,
// and what each pointer on the way points to.
func pointers(t *model.Type) (*model.Type, []*model.Type) {
	var path []*model.Type
	for {
		switch t.Kind {
		case model.Defined:
			t = t.Underlying
		case model.Pointer:
			t = t.Elem
			path = append(path, t)
		default:
			return t, path
		}
	}
}

func isPrimitive(t *model.Type) bool {
	return t.Kind == model.Builtin || t.Kind == model.Defined && t.Underlying.Kind == model.Builtin
}

// checkLiteral checks that a JSON default fits the field.
func checkLiteral(tag *model.Tag, v any, dv *defaultValue) error {
	field := dv.top.Name.String()
	if dv.primitive {
		name := dv.base.Name.Name
		if _, ok := zeroLiterals[name]; !ok && dv.top.Kind != model.Pointer {
			return tag.Errorf("+%s on a field of type %s: defaulter-gen cannot default %s values; default it in a SetDefaults_ function", tagDefault, field, name)
		}
		switch {
		case name == "string":
			s, ok := v.(string)
			if !ok {
				return tag.Errorf("+%s=%s on a field of type %s: want a JSON string", tagDefault, tag.Value, field)
			}
			if _, err := strconv.Unquote(tag.Value); err != nil {
				return tag.Errorf("+%s=%s: the string %q is written into Go code as it stands, and is not a Go string literal: use escapes that Go and JSON share", tagDefault, tag.Value, s)
			}
		case name == "bool":
			if _, ok := v.(bool); !ok {
				return tag.Errorf("+%s=%s on a field of type %s: want true or false", tagDefault, tag.Value, field)
			}
		default: // numbers
			if _, ok := v.(float64); !ok {
				return tag.Errorf("+%s=%s on a field of type %s: want a JSON number", tagDefault, tag.Value, field)
			}
			c := constant.MakeFromLiteral(strings.TrimPrefix(tag.Value, "-"), token.FLOAT, 0)
			if strings.HasPrefix(name, "int") || strings.HasPrefix(name, "uint") || name == "byte" {
				if constant.ToInt(c).Kind() != constant.Int {
					return tag.Errorf("+%s=%s on a field of type %s: want a whole number", tagDefault, tag.Value, field)
				}
			}
		}
		return nil
	}
	if err := checkNilable(tag, dv); err != nil {
		return err
	}
	if strings.Contains(tag.Value, "`") {
		return tag.Errorf("+%s=%s: the value is written into a Go raw string and must not contain a backquote", tagDefault, tag.Value)
	}
	if unmarshalsJSON(dv.top) {
		return nil // its UnmarshalJSON decides what it takes (intstr.IntOrString, resource.Quantity, metav1.Duration)
	}
	switch dv.base.Kind {
	case model.Struct, model.Map:
		if _, ok := v.(map[string]any); !ok {
			return tag.Errorf("+%s=%s on a field of type %s: want a JSON object", tagDefault, tag.Value, field)
		}
	case model.Slice, model.Array:
		_, isArray := v.([]any)
		_, isString := v.(string)
		if !isArray && !(isString && (dv.base.Elem.Name.Name == "byte" || dv.base.Elem.Name.Name == "uint8")) {
			return tag.Errorf("+%s=%s on a field of type %s: want a JSON array", tagDefault, tag.Value, field)
		}
	}
	return nil
}

// unmarshalsJSON reports whether values of t (or what its pointers point
// to) have an UnmarshalJSON method, declared or promoted from an embedded
// field.
func unmarshalsJSON(t *model.Type) bool {
	for t != nil {
		if t.Methods["UnmarshalJSON"] != nil {
			return true
		}
		switch t.Kind {
		case model.Pointer:
			t = t.Elem
		case model.Defined:
			t = t.Underlying
		case model.Struct:
			for i := range t.Members {
				if m := &t.Members[i]; m.Embedded && unmarshalsJSON(m.Type) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// checkNilable checks that a default unmarshalled from JSON stands on a
// field that can be nil: the generated code fills it only when it is.
func checkNilable(tag *model.Tag, dv *defaultValue) error {
	switch dv.top.Resolved().Kind {
	case model.Pointer, model.Map, model.Slice, model.Interface:
		return nil
	}
	return tag.Errorf("+%s on a field of type %s, which cannot be nil: defaulter-gen fills such values only when nil; make the field a pointer", tagDefault, dv.top.Name.String())
}

// checkRef checks a ref(...) default: the constant must exist, and the
// field must take a basic value.
func (b *builder) checkRef(tag *model.Tag, name model.Name, dv *defaultValue) error {
	if !dv.primitive {
		return tag.Errorf("+%s=%s on a field of type %s: ref() is for fields of basic types (or pointers to them); give this field a JSON value", tagDefault, tag.Value, dv.top.Name.String())
	}
	path := name.Package
	if path == "" {
		// Written without a package: it must be in the output package.
		path = b.plan.out.Path
	}
	pkg, err := b.plan.consts(path)
	if err != nil {
		return tag.Errorf("+%s=%s: package %s does not load: %v", tagDefault, tag.Value, path, err)
	}
	if pkg.Const(name.Name) == nil {
		return tag.Errorf("+%s=%s: package %s has no constant %s; name a constant as ref(Name) or ref(import/path.Name)", tagDefault, tag.Value, path, name.Name)
	}
	return nil
}
