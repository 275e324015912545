// Package evaluate turns the Go source that gen-openapi writes
// (zz_generated.openapi.go) into the OpenAPI definitions it describes,
// without compiling it: the file is parsed and its composite literals are
// built, by reflection, from kube-openapi's spec and common types.
//
// Document returns them as the Swagger 2.0 document kubernetes'
// models-schema command prints for compiled definitions (and the one
// gen-applyconfig's --openapi-schema takes): every definition, a
// definition with an embedded v2 schema (common.ExtensionV2Schema) in that
// v2 form, ref(name) as "#/definitions/name".
//
// Only what gen-openapi prints is understood: composite literals of the
// spec and common types, slices and maps of them, string, number and bool
// literals, ref(...), ptr.To[T](...), the schema functions of the same
// file, common.EmbedOpenAPIDefinitionIntoV2Extension and
// common.GenerateOpenAPIV3OneOfSchema. What the compiled program would
// compute from other packages is asked of a Resolver: T{}.OpenAPIModelName()
// and constants (+default=ref(...)). T{}.OpenAPISchemaType() and the other
// schema methods are run for real for apimachinery's types that have them
// (see Known); for any other type they are an error naming it: such
// definitions need the compiled program.
package evaluate

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"reflect"
	"slices"
	"strconv"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// Resolver answers what the definitions source leaves to the compiler.
type Resolver interface {
	// ModelName returns what pkgPath.typeName{}.OpenAPIModelName()
	// returns.
	ModelName(pkgPath, typeName string) (string, error)
	// Const returns the value of the package-level constant pkgPath.name
	// (a string, bool, int64 or float64).
	Const(pkgPath, name string) (any, error)
}

const (
	commonPkg = "k8s.io/kube-openapi/pkg/common"
	specPkg   = "k8s.io/kube-openapi/pkg/validation/spec"
	ptrPkg    = "k8s.io/utils/ptr"
)

// Known are the zero values of the types whose schema methods
// (OpenAPISchemaType, OpenAPISchemaFormat, OpenAPIDefinition,
// OpenAPIV3Definition, OpenAPIV3OneOfTypes) the evaluation runs, by full
// type name: apimachinery's, at the version kubegen links.
var Known = map[string]any{
	"k8s.io/apimachinery/pkg/api/resource.Quantity":   resource.Quantity{},
	"k8s.io/apimachinery/pkg/util/intstr.IntOrString": intstr.IntOrString{},
	"k8s.io/apimachinery/pkg/apis/meta/v1.Time":       metav1.Time{},
	"k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime":  metav1.MicroTime{},
	"k8s.io/apimachinery/pkg/apis/meta/v1.Duration":   metav1.Duration{},
}

// schemaMethods are the methods of Known types the evaluation may call.
var schemaMethods = []string{"OpenAPISchemaType", "OpenAPISchemaFormat", "OpenAPIDefinition", "OpenAPIV3Definition", "OpenAPIV3OneOfTypes"}

// types are the named types a composite literal may build, by full name.
var types = map[string]reflect.Type{}

// funcs are the package functions a definition may call, by full name.
var funcs = map[string]reflect.Value{
	commonPkg + ".EmbedOpenAPIDefinitionIntoV2Extension": reflect.ValueOf(common.EmbedOpenAPIDefinitionIntoV2Extension),
	commonPkg + ".GenerateOpenAPIV3OneOfSchema":          reflect.ValueOf(common.GenerateOpenAPIV3OneOfSchema),
}

func init() {
	for _, v := range []any{spec.Schema{}, spec.SchemaProps{}, spec.SwaggerSchemaProps{}, spec.SchemaOrBool{},
		spec.SchemaOrArray{}, spec.SchemaOrStringArray{}, spec.VendorExtensible{}, spec.Extensions{},
		spec.Dependencies{}, spec.StringOrArray{}, spec.Ref{}, spec.ExternalDocumentation{},
		spec.Definitions{}, spec.SchemaURL("")} {
		t := reflect.TypeOf(v)
		types[specPkg+"."+t.Name()] = t
	}
	types[commonPkg+".OpenAPIDefinition"] = reflect.TypeOf(common.OpenAPIDefinition{})
}

var builtins = map[string]reflect.Type{
	"string": reflect.TypeOf(""), "bool": reflect.TypeOf(false),
	"int": reflect.TypeOf(0), "int32": reflect.TypeOf(int32(0)), "int64": reflect.TypeOf(int64(0)),
	"float32": reflect.TypeOf(float32(0)), "float64": reflect.TypeOf(float64(0)),
	"any": reflect.TypeOf((*any)(nil)).Elem(),
}

// Document evaluates the definitions file path (its source src) into the
// Swagger document models-schema prints for it.
func Document(path string, src []byte, r Resolver) (*spec.Swagger, error) {
	defs, err := Definitions(path, src, r)
	if err != nil {
		return nil, err
	}
	definitions := spec.Definitions{}
	for _, name := range slices.Sorted(maps.Keys(defs)) {
		schema := defs[name].Schema
		if v2, ok := schema.Extensions[common.ExtensionV2Schema].(spec.Schema); ok {
			schema = v2
		}
		definitions[name] = schema
	}
	return &spec.Swagger{SwaggerProps: spec.SwaggerProps{
		Swagger:     "2.0",
		Info:        &spec.Info{InfoProps: spec.InfoProps{Title: "Kubernetes", Version: "unversioned"}},
		Definitions: definitions,
	}}, nil
}

// Definitions evaluates the definitions file path (its source src) into
// what its GetOpenAPIDefinitions returns for a ref callback that makes
// "#/definitions/" references.
func Definitions(path string, src []byte, r Resolver) (defs map[string]common.OpenAPIDefinition, err error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%v: the OpenAPI definitions do not parse", err)
	}
	e := &evaluator{fset: fset, r: r, imports: map[string]string{}, funcs: map[string]*ast.FuncDecl{}, done: map[string]reflect.Value{}}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return nil, e.errorf(imp, "bad import path %s", imp.Path.Value)
		}
		name := pathBase(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		e.imports[name] = p
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			e.funcs[fd.Name.Name] = fd
		}
	}
	get := e.funcs["GetOpenAPIDefinitions"]
	if get == nil {
		return nil, fmt.Errorf("%s: no GetOpenAPIDefinitions function: not a file of OpenAPI definitions", path)
	}
	defer func() {
		// The evaluation checks what it builds; a panic left is a bug
		// here or in a method run, reported rather than crashing.
		if p := recover(); p != nil {
			defs, err = nil, fmt.Errorf("%s: evaluating the OpenAPI definitions failed: %v", path, p)
		}
	}()
	v, err := e.body(get, reflect.TypeOf(map[string]common.OpenAPIDefinition{}))
	if err != nil {
		return nil, err
	}
	return v.Interface().(map[string]common.OpenAPIDefinition), nil
}

func pathBase(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

type evaluator struct {
	fset    *token.FileSet
	r       Resolver
	imports map[string]string // file-local package name → import path
	funcs   map[string]*ast.FuncDecl
	done    map[string]reflect.Value // evaluated schema functions
	active  []string                 // functions being evaluated, against recursion
}

func (e *evaluator) errorf(n ast.Node, format string, args ...any) error {
	return fmt.Errorf("%s: %s", e.fset.Position(n.Pos()), fmt.Sprintf(format, args...))
}

// body evaluates a function of the file whose body is "return <expr>".
func (e *evaluator) body(fd *ast.FuncDecl, want reflect.Type) (reflect.Value, error) {
	name := fd.Name.Name
	if v, ok := e.done[name]; ok {
		return v, nil
	}
	if slices.Contains(e.active, name) {
		return reflect.Value{}, e.errorf(fd, "function %s calls itself", name)
	}
	if fd.Body == nil || len(fd.Body.List) != 1 {
		return reflect.Value{}, e.errorf(fd, "function %s is not a single return statement, which gen-openapi writes", name)
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return reflect.Value{}, e.errorf(fd.Body.List[0], "function %s is not a single return statement, which gen-openapi writes", name)
	}
	e.active = append(e.active, name)
	v, err := e.eval(ret.Results[0], want)
	e.active = e.active[:len(e.active)-1]
	if err != nil {
		return reflect.Value{}, err
	}
	e.done[name] = v
	return v, nil
}

// eval evaluates x as a value of type want (nil: x's own type).
func (e *evaluator) eval(x ast.Expr, want reflect.Type) (reflect.Value, error) {
	v, err := e.value(x, want)
	if err != nil || want == nil {
		return v, err
	}
	if !v.IsValid() {
		return reflect.Value{}, e.errorf(x, "no value")
	}
	if v.Type().AssignableTo(want) {
		out := reflect.New(want).Elem()
		out.Set(v)
		return out, nil
	}
	return reflect.Value{}, e.errorf(x, "a %s where a %s belongs", v.Type(), want)
}

func (e *evaluator) value(x ast.Expr, want reflect.Type) (reflect.Value, error) {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return e.value(x.X, want)
	case *ast.BasicLit:
		return e.literal(x, want, false)
	case *ast.UnaryExpr:
		switch x.Op {
		case token.AND:
			if lit, ok := x.X.(*ast.CompositeLit); ok {
				var elem reflect.Type
				if want != nil && want.Kind() == reflect.Pointer {
					elem = want.Elem()
				}
				v, err := e.composite(lit, elem)
				if err != nil {
					return v, err
				}
				p := reflect.New(v.Type())
				p.Elem().Set(v)
				return p, nil
			}
		case token.SUB:
			if lit, ok := x.X.(*ast.BasicLit); ok {
				return e.literal(lit, want, true)
			}
		}
	case *ast.Ident:
		switch x.Name {
		case "true", "false":
			return reflect.ValueOf(x.Name == "true"), nil
		case "nil":
			if want != nil {
				switch want.Kind() {
				case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
					return reflect.Zero(want), nil
				}
			}
			return reflect.Value{}, e.errorf(x, "nil where a %v belongs", want)
		}
	case *ast.CompositeLit:
		if x.Type == nil && want != nil && want.Kind() == reflect.Pointer {
			v, err := e.composite(x, want.Elem())
			if err != nil {
				return v, err
			}
			p := reflect.New(v.Type())
			p.Elem().Set(v)
			return p, nil
		}
		return e.composite(x, want)
	case *ast.CallExpr:
		return e.call(x)
	case *ast.IndexExpr:
		s, err := e.eval(x.X, nil)
		if err != nil {
			return s, err
		}
		i, err := e.eval(x.Index, reflect.TypeOf(0))
		if err != nil {
			return i, err
		}
		if s.Kind() != reflect.Slice && s.Kind() != reflect.Array {
			return reflect.Value{}, e.errorf(x, "indexing a %s", s.Type())
		}
		if n := int(i.Int()); n < 0 || n >= s.Len() {
			return reflect.Value{}, e.errorf(x, "index %d out of range [0:%d]", n, s.Len())
		}
		return s.Index(int(i.Int())), nil
	case *ast.SelectorExpr:
		if pkg, ok := e.pkgOf(x.X); ok {
			c, err := e.r.Const(pkg, x.Sel.Name)
			if err != nil {
				return reflect.Value{}, e.errorf(x, "%v", err)
			}
			v := reflect.ValueOf(c)
			if !v.IsValid() {
				return v, e.errorf(x, "%s.%s has no value", pkg, x.Sel.Name)
			}
			return v, nil
		}
	}
	return reflect.Value{}, e.unsupported(x)
}

func (e *evaluator) unsupported(x ast.Expr) error {
	return e.errorf(x, "%s: gen-openapi does not write this, and it cannot be evaluated without compiling the definitions", e.source(x))
}

// source spells x for messages.
func (e *evaluator) source(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return e.source(x.X) + "." + x.Sel.Name
	case *ast.CompositeLit:
		if x.Type == nil {
			return "{...}"
		}
		return e.source(x.Type) + "{...}"
	case *ast.CallExpr:
		return e.source(x.Fun) + "(...)"
	case *ast.IndexExpr:
		return e.source(x.X) + "[" + e.source(x.Index) + "]"
	case *ast.BasicLit:
		return x.Value
	case *ast.StarExpr:
		return "*" + e.source(x.X)
	case *ast.ArrayType:
		return "[]" + e.source(x.Elt)
	case *ast.MapType:
		return "map[" + e.source(x.Key) + "]" + e.source(x.Value)
	}
	return fmt.Sprintf("%T", x)
}

// pkgOf returns the import path that x, a package name, stands for.
func (e *evaluator) pkgOf(x ast.Expr) (string, bool) {
	id, ok := x.(*ast.Ident)
	if !ok {
		return "", false
	}
	p, ok := e.imports[id.Name]
	return p, ok
}

// literal evaluates a number, string or rune literal as Go's untyped
// constants are: of type want if given, else their default type.
func (e *evaluator) literal(x *ast.BasicLit, want reflect.Type, negate bool) (reflect.Value, error) {
	if want != nil && want.Kind() == reflect.Interface {
		want = nil
	}
	switch x.Kind {
	case token.STRING:
		s, err := strconv.Unquote(x.Value)
		if err != nil || negate {
			return reflect.Value{}, e.errorf(x, "bad string literal %s", x.Value)
		}
		return convert(reflect.ValueOf(s), want, func() error { return e.errorf(x, "a string where a %s belongs", want) })
	case token.INT:
		if want == nil || isInt(want.Kind()) {
			n, err := strconv.ParseInt(x.Value, 0, 64)
			if err != nil {
				return reflect.Value{}, e.errorf(x, "bad integer %s: %v", x.Value, err)
			}
			if negate {
				n = -n
			}
			if want == nil {
				return reflect.ValueOf(int(n)), nil
			}
			v := reflect.New(want).Elem()
			if v.OverflowInt(n) {
				return reflect.Value{}, e.errorf(x, "%s overflows %s", x.Value, want)
			}
			v.SetInt(n)
			return v, nil
		}
		fallthrough
	case token.FLOAT:
		f, err := strconv.ParseFloat(x.Value, 64)
		if err != nil {
			return reflect.Value{}, e.errorf(x, "bad number %s: %v", x.Value, err)
		}
		if negate {
			f = -f
		}
		if want == nil {
			return reflect.ValueOf(f), nil
		}
		if want.Kind() != reflect.Float64 && want.Kind() != reflect.Float32 {
			return reflect.Value{}, e.errorf(x, "a number where a %s belongs", want)
		}
		v := reflect.New(want).Elem()
		v.SetFloat(f)
		return v, nil
	}
	return reflect.Value{}, e.unsupported(x)
}

func isInt(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

// convert gives an untyped constant's value v the type want (if any) of
// the same kind.
func convert(v reflect.Value, want reflect.Type, fail func() error) (reflect.Value, error) {
	if want == nil {
		return v, nil
	}
	if want.Kind() != v.Kind() {
		return reflect.Value{}, fail()
	}
	return v.Convert(want), nil
}

// typeOf returns the type a type expression names.
func (e *evaluator) typeOf(x ast.Expr) (reflect.Type, error) {
	switch x := x.(type) {
	case *ast.Ident:
		if t, ok := builtins[x.Name]; ok {
			return t, nil
		}
	case *ast.SelectorExpr:
		if pkg, ok := e.pkgOf(x.X); ok {
			if t, ok := types[pkg+"."+x.Sel.Name]; ok {
				return t, nil
			}
		}
	case *ast.ArrayType:
		if x.Len == nil {
			elem, err := e.typeOf(x.Elt)
			if err != nil {
				return nil, err
			}
			return reflect.SliceOf(elem), nil
		}
	case *ast.MapType:
		key, err := e.typeOf(x.Key)
		if err != nil {
			return nil, err
		}
		elem, err := e.typeOf(x.Value)
		if err != nil {
			return nil, err
		}
		if !key.Comparable() {
			return nil, e.errorf(x, "map key type %s is not comparable", key)
		}
		return reflect.MapOf(key, elem), nil
	case *ast.StarExpr:
		elem, err := e.typeOf(x.X)
		if err != nil {
			return nil, err
		}
		return reflect.PointerTo(elem), nil
	case *ast.InterfaceType:
		if x.Methods == nil || len(x.Methods.List) == 0 {
			return builtins["any"], nil
		}
	}
	return nil, e.errorf(x, "type %s: gen-openapi does not write it, and only kube-openapi's spec and common types can be evaluated without compiling the definitions", e.source(x))
}

// composite evaluates a composite literal, of type want if it elides it.
func (e *evaluator) composite(x *ast.CompositeLit, want reflect.Type) (reflect.Value, error) {
	t := want
	if x.Type != nil {
		var err error
		if t, err = e.typeOf(x.Type); err != nil {
			return reflect.Value{}, err
		}
	}
	if t == nil {
		return reflect.Value{}, e.errorf(x, "a composite literal of no known type")
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Struct:
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			key, ok2 := exprIdent(kv, ok)
			if !ok2 {
				return reflect.Value{}, e.errorf(el, "a %s literal without field names, which gen-openapi does not write", t)
			}
			f, ok := t.FieldByName(key.Name)
			if !ok || len(f.Index) != 1 || !f.IsExported() {
				return reflect.Value{}, e.errorf(key, "%s has no field %s", t, key.Name)
			}
			fv, err := e.eval(kv.Value, f.Type)
			if err != nil {
				return fv, err
			}
			v.Field(f.Index[0]).Set(fv)
		}
	case reflect.Slice:
		for _, el := range x.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				return reflect.Value{}, e.errorf(el, "an indexed slice element, which gen-openapi does not write")
			}
			ev, err := e.eval(el, t.Elem())
			if err != nil {
				return ev, err
			}
			v = reflect.Append(v, ev)
		}
		if v.IsNil() {
			v = reflect.MakeSlice(t, 0, 0) // T{} is empty, not nil
		}
	case reflect.Map:
		v = reflect.MakeMapWithSize(t, len(x.Elts))
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return reflect.Value{}, e.errorf(el, "a map element without a key")
			}
			k, err := e.eval(kv.Key, t.Key())
			if err != nil {
				return k, err
			}
			ev, err := e.eval(kv.Value, t.Elem())
			if err != nil {
				return ev, err
			}
			v.SetMapIndex(k, ev)
		}
	default:
		return reflect.Value{}, e.errorf(x, "a composite literal of type %s, which gen-openapi does not write", t)
	}
	return v, nil
}

func exprIdent(kv *ast.KeyValueExpr, ok bool) (*ast.Ident, bool) {
	if !ok {
		return nil, false
	}
	id, ok := kv.Key.(*ast.Ident)
	return id, ok
}

// call evaluates the calls gen-openapi writes.
func (e *evaluator) call(x *ast.CallExpr) (reflect.Value, error) {
	if x.Ellipsis.IsValid() {
		return reflect.Value{}, e.unsupported(x)
	}
	if len(x.Args) == 1 {
		if t, err := e.typeOf(x.Fun); err == nil { // a conversion: interface {}(nil) in %#v of JSON
			return e.eval(x.Args[0], t)
		}
	}
	switch fun := x.Fun.(type) {
	case *ast.Ident:
		if fun.Name == "ref" { // the ReferenceCallback parameter
			if len(x.Args) != 1 {
				return reflect.Value{}, e.errorf(x, "ref takes one argument")
			}
			name, err := e.eval(x.Args[0], reflect.TypeOf(""))
			if err != nil {
				return name, err
			}
			r, err := spec.NewRef("#/definitions/" + name.String())
			if err != nil {
				return reflect.Value{}, e.errorf(x, "ref(%q): %v", name.String(), err)
			}
			return reflect.ValueOf(r), nil
		}
		if fd, ok := e.funcs[fun.Name]; ok {
			if len(x.Args) != 1 || !isIdent(x.Args[0], "ref") {
				return reflect.Value{}, e.errorf(x, "%s is called with other arguments than ref", fun.Name)
			}
			return e.body(fd, reflect.TypeOf(common.OpenAPIDefinition{}))
		}
	case *ast.IndexExpr: // ptr.To[T](v)
		if sel, ok := fun.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "To" && len(x.Args) == 1 {
			if pkg, ok := e.pkgOf(sel.X); ok && pkg == ptrPkg {
				t, err := e.typeOf(fun.Index)
				if err != nil {
					return reflect.Value{}, err
				}
				v, err := e.eval(x.Args[0], t)
				if err != nil {
					return v, err
				}
				p := reflect.New(t)
				p.Elem().Set(v)
				return p, nil
			}
		}
	case *ast.SelectorExpr:
		if pkg, ok := e.pkgOf(fun.X); ok {
			f, ok := funcs[pkg+"."+fun.Sel.Name]
			if !ok {
				break
			}
			ft := f.Type()
			if len(x.Args) != ft.NumIn() {
				return reflect.Value{}, e.errorf(x, "%s takes %d arguments", e.source(fun), ft.NumIn())
			}
			args := make([]reflect.Value, len(x.Args))
			for i, a := range x.Args {
				v, err := e.eval(a, ft.In(i))
				if err != nil {
					return v, err
				}
				args[i] = v
			}
			return f.Call(args)[0], nil
		}
		if lit, ok := fun.X.(*ast.CompositeLit); ok && len(lit.Elts) == 0 && len(x.Args) == 0 {
			return e.method(x, lit, fun.Sel.Name)
		}
	}
	return reflect.Value{}, e.unsupported(x)
}

func isIdent(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name
}

// method evaluates T{}.Method() for a type T of another package.
func (e *evaluator) method(x *ast.CallExpr, lit *ast.CompositeLit, name string) (reflect.Value, error) {
	sel, ok := lit.Type.(*ast.SelectorExpr)
	var pkg string
	if ok {
		pkg, ok = e.pkgOf(sel.X)
	}
	if !ok {
		return reflect.Value{}, e.errorf(x, "%s.%s(): a method of a type of the definitions' own package, which cannot be evaluated without compiling it", e.source(lit), name)
	}
	typeName := pkg + "." + sel.Sel.Name
	if name == "OpenAPIModelName" {
		n, err := e.r.ModelName(pkg, sel.Sel.Name)
		if err != nil {
			return reflect.Value{}, e.errorf(x, "%s{}.OpenAPIModelName(): %v", typeName, err)
		}
		return reflect.ValueOf(n), nil
	}
	zero, known := Known[typeName]
	if !known || !slices.Contains(schemaMethods, name) {
		return reflect.Value{}, e.errorf(x, "%s{}.%s(): the type's own schema method, which only the compiled definitions can run (kubegen runs only those of %s)",
			typeName, name, knownList())
	}
	m := reflect.ValueOf(zero).MethodByName(name)
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
		return reflect.Value{}, e.errorf(x, "%s has no method %s() with one result", typeName, name)
	}
	return m.Call(nil)[0], nil
}

func knownList() string {
	var names []string
	for _, n := range slices.Sorted(maps.Keys(Known)) {
		names = append(names, pathBase(n))
	}
	return fmt.Sprint(names)
}
