package validators

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// In-memory types and a small registry for the tests of required, levels,
// options, immutable, update, monotonic, opaque, equality,
// customvalidation and dependentrequired.

func TestRequirednessCalls(t *testing.T) {
	str := tBuiltin("string")
	r := registryOf(t, Config{}, nil, requiredTagName, optionalTagName, forbiddenTagName)
	for _, tc := range []struct {
		typ  *model.Type
		kind string
	}{
		{str, "Value"},
		{tNamed("p", "S", model.Defined, str), "Value"},
		{PointerTo(str), "Pointer"},
		{PointerTo(tStruct("p", "T")), "Pointer"},
		{tSlice(str), "Slice"},
		{tNamed("p", "L", model.Defined, tSlice(str)), "Slice"},
		{tMap(str, str), "Map"},
		{&model.Type{Name: model.Name{Name: "[2]string"}, Kind: model.Array, Elem: str, Len: 2}, "Value"},
	} {
		parent := tStruct("p", "T", tField("F", "f", tc.typ))
		ctx := fieldCtx(parent, 0)

		v, err := evalTags(t, r, ctx, "k8s:required")
		want := []Call{{Tag: requiredTagName, Flags: ShortCircuit, Function: ValidateFunc("Required" + tc.kind),
			Emits: []Emission{{Type: field.ErrorTypeRequired}}}}
		if err != nil || !reflect.DeepEqual(v.Calls, want) {
			t.Errorf("required on %s: got %+v, %v", tc.typ.Name, v.Calls, err)
		}

		v, err = evalTags(t, r, ctx, "k8s:optional")
		want = []Call{{Tag: optionalTagName, Flags: ShortCircuit | NonError, Function: ValidateFunc("Optional" + tc.kind)}}
		if err != nil || !reflect.DeepEqual(v.Calls, want) {
			t.Errorf("optional on %s: got %+v, %v", tc.typ.Name, v.Calls, err)
		}

		v, err = evalTags(t, r, ctx, "k8s:forbidden")
		want = []Call{
			{Tag: forbiddenTagName, Flags: ShortCircuit, Function: ValidateFunc("Forbidden" + tc.kind),
				Emits: []Emission{{Type: field.ErrorTypeForbidden}}},
			{Tag: forbiddenTagName, Flags: ShortCircuit | NonError, Function: ValidateFunc("Optional" + tc.kind)},
		}
		if err != nil || !reflect.DeepEqual(v.Calls, want) {
			t.Errorf("forbidden on %s: got %+v, %v", tc.typ.Name, v.Calls, err)
		}
	}

	parent := tStruct("p", "T", tField("F", "f", tStruct("p", "Inner")))
	for _, name := range []string{requiredTagName, optionalTagName, forbiddenTagName} {
		_, err := evalTags(t, r, fieldCtx(parent, 0), name)
		want := `tag "` + name + `": non-pointer structs cannot use the "` + name + `" tag`
		if err == nil || err.Error() != want {
			t.Errorf("%s on a struct: got %v, want %s", name, err, want)
		}
	}
	_, err := evalTags(t, r, Context{Scope: ScopeType, Type: str}, "k8s:required")
	if err == nil || err.Error() != `tag "k8s:required" cannot be specified on type definitions` {
		t.Errorf("required on a type: %v", err)
	}
	_, err = evalTags(t, r, fieldCtx(tStruct("p", "T", tField("F", "f", str)), 0), "k8s:required=true")
	if err == nil || err.Error() != `tag "k8s:required": tag value has wrong type: got bool, want ` {
		t.Errorf("required with a value: %v", err)
	}
}

func TestOptionalWithDefault(t *testing.T) {
	r := registryOf(t, Config{}, nil, optionalTagName)
	str, i32, b := tBuiltin("string"), tBuiltin("int32"), tBuiltin("bool")
	const effectively = "optional fields with default values are effectively required"
	for _, tc := range []struct {
		typ      *model.Type
		def      string
		fn       string // "" for the documentation comment only
		comments []string
	}{
		{str, `+default=""`, "", nil},
		{str, `+default="x"`, "RequiredValue", []string{effectively}},
		{i32, `+default=0`, "", nil},
		{tNamed("p", "I", model.Defined, i32), `+default=0`, "", nil},
		{i32, `+default=1`, "RequiredValue", []string{effectively}},
		{tBuiltin("int8"), `+default=0`, "", nil},
		{b, `+default=false`, "", nil},
		{b, `+default=true`, "RequiredValue", []string{effectively}},
		{PointerTo(str), `+default=""`, "RequiredPointer", []string{effectively}},
		{PointerTo(i32), `+default=0`, "RequiredPointer", []string{effectively}},
		{tSlice(str), `+default=[]`, "RequiredSlice", []string{effectively}},
		{tMap(str, str), `+default={}`, "RequiredMap", []string{effectively}},
		{tBuiltin("float64"), `+default=0.0`, "", nil},
	} {
		parent := tStruct("p", "T", tField("F", "f", tc.typ, "F is a field.", tc.def))
		v, err := evalTags(t, r, fieldCtx(parent, 0), "k8s:optional")
		if err != nil {
			t.Errorf("%s on %s: %v", tc.def, tc.typ.Name, err)
			continue
		}
		if tc.fn == "" {
			if len(v.Calls) != 0 || !reflect.DeepEqual(v.Comments, []string{"optional value-type fields with zero-value defaults are purely documentation"}) {
				t.Errorf("%s on %s: got %+v, want the comment only", tc.def, tc.typ.Name, v)
			}
			continue
		}
		want := []Call{{Tag: requiredTagName, Flags: ShortCircuit, Function: ValidateFunc(tc.fn),
			Comments: tc.comments, Emits: []Emission{{Type: field.ErrorTypeRequired}}}}
		if !reflect.DeepEqual(v.Calls, want) || len(v.Comments) != 0 {
			t.Errorf("%s on %s:\n got %+v\nwant %+v", tc.def, tc.typ.Name, v, want)
		}
	}

	for _, tc := range []struct {
		typ  *model.Type
		doc  []string
		want string
	}{
		{str, []string{`+default="a"`, `+default="b"`}, `tag "k8s:optional": +default tag with multiple values: ["default" "default"]`},
		{str, []string{`+default=abc`}, `tag "k8s:optional": failed to parse default value "abc": invalid character 'a' looking for beginning of value`},
		{str, []string{`+default=null`}, `tag "k8s:optional": failed to parse default value "null": unmarshalled to nil`},
		{str, []string{`+default(a: "x", b: 1)=1`}, `tag "k8s:optional": failed to read tags: expected one argument, got: [a: "x" b: 1]`},
		{str, []string{`+default(1)=1`}, `tag "k8s:optional": failed to read tags: unexpected argument type: int`},
		{str, []string{`+default(x: "a")=1`}, `tag "k8s:optional": failed to read tags: unexpected named argument: "x"`},
		{tStruct("p", "Inner"), []string{`+default={}`}, `tag "k8s:optional": unknown zero-value for type p.Inner`},
	} {
		parent := tStruct("p", "T", tField("F", "f", tc.typ, tc.doc...))
		_, err := evalTags(t, r, fieldCtx(parent, 0), "k8s:optional")
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v: got %v\nwant %s", tc.doc, err, tc.want)
		}
	}
	// The error points at the +default tag.
	parent := tStruct("p", "T", tField("F", "f", str, "doc", `+default=abc`))
	_, err := evalTags(t, r, fieldCtx(parent, 0), "k8s:optional")
	if pos, ok := TagPos(err); !ok || pos.Line != 11 {
		t.Errorf("position of a bad default: %v %v", pos, ok)
	}
}

// recorder is a fake tag validator that records the context it saw and
// returns one call (or, with a value, a deferred one).
type recorder struct {
	name string
	seen []Context
	self bool // the call manages its stability itself
}

func (*recorder) Init(Config)       {}
func (r *recorder) TagName() string { return r.name }
func (*recorder) ValidScopes() []Scope {
	return []Scope{ScopeType, ScopeField, ScopeListVal, ScopeConst}
}
func (r *recorder) Docs() TagDoc {
	return TagDoc{Tag: r.name, Stability: TagStable, PayloadsType: codetags.ValueRaw}
}
func (r *recorder) call(tag string) Call {
	return Call{Tag: tag, Flags: ShortCircuit, Function: ValidateFunc("Fake"), Args: []any{1}}
}

func (r *recorder) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	r.seen = append(r.seen, ctx)
	c := r.call(tag.Name)
	if r.self {
		c.Stability, c.StabilitySelfManaged = Beta, true
	}
	v := Validations{Calls: []Call{c}}
	if tag.Value == "deferred" {
		v.Deferred = []Deferred{{Scope: ParentContext, Run: func() (Validations, error) {
			return Validations{Calls: []Call{r.call("deferred")}}, nil
		}}}
	}
	return v, nil
}

func TestLevels(t *testing.T) {
	fake := &recorder{name: "k8s:fake"}
	self := &recorder{name: "k8s:self", self: true}
	r := registryOf(t, Config{}, []TagValidator{fake, self}, alphaTagName, betaTagName)
	ctx := Context{Scope: ScopeType, Type: tBuiltin("string")}

	v, err := evalTags(t, r, ctx, `k8s:alpha(since: "1.34")=+k8s:fake`)
	if err != nil {
		t.Fatal(err)
	}
	want := fake.call("k8s:fake")
	want.Stability = Alpha
	if !reflect.DeepEqual(v.Calls, []Call{want}) {
		t.Errorf("alpha: got %+v", v.Calls)
	}
	if len(fake.seen) != 1 || fake.seen[0].Stability != Alpha {
		t.Errorf("the nested tag saw %+v", fake.seen)
	}

	v, err = evalTags(t, r, ctx, `k8s:beta=+k8s:fake=deferred`)
	if err != nil || len(v.Calls) != 1 || v.Calls[0].Stability != Beta || len(v.Deferred) != 1 {
		t.Fatalf("beta: %+v, %v", v, err)
	}
	d, _ := v.Deferred[0].Run()
	if v.Deferred[0].Scope != ParentContext || len(d.Calls) != 1 || d.Calls[0].Stability != Beta {
		t.Errorf("beta, deferred: %+v", d)
	}

	v, err = evalTags(t, r, ctx, `k8s:alpha=+k8s:self`)
	if err != nil || v.Calls[0].Stability != Beta {
		t.Errorf("a self-managed call keeps its stability: %+v, %v", v, err)
	}

	for text, msg := range map[string]string{
		`k8s:alpha(since: "v1.34")=+k8s:fake`:             `tag "k8s:alpha": invalid kubernetes version format, expected <major>.<minor>, got v1.34`,
		`k8s:alpha(since: "1.3", since: "1.4")=+k8s:fake`: `tag "k8s:alpha": at most one optional kubernetes version argument is supported`,
		`k8s:alpha`:                     `tag "k8s:alpha": missing required tag value of type tag`,
		`k8s:beta="x"`:                  `tag "k8s:beta": tag value has wrong type: got string, want tag`,
		`k8s:beta(since: 1)=+k8s:fake`:  `tag "k8s:beta": argument "since: 1" has wrong type: got int, want string`,
		`k8s:beta(1)=+k8s:fake`:         `tag "k8s:beta": unrecognized named argument "1"`,
		`k8s:beta("1.2")=+k8s:fake`:     `tag "k8s:beta": unrecognized named argument "\"1.2\""`,
		`k8s:beta=+k8s:alpha=+k8s:nope`: `tag "k8s:beta": tag "k8s:alpha": unknown tag "k8s:nope"`,
	} {
		if _, err := evalTags(t, r, ctx, text); err == nil || err.Error() != msg {
			t.Errorf("%s: got %v\nwant %s", text, err, msg)
		}
	}
	if _, err := evalTags(t, r, Context{Scope: ScopeConst}, `k8s:alpha=+k8s:fake`); err == nil {
		t.Errorf("alpha on a constant: no error")
	}
}

func TestIfOption(t *testing.T) {
	fake := &recorder{name: "k8s:fake"}
	r := registryOf(t, Config{}, []TagValidator{fake}, ifEnabledTagName, ifDisabledTagName)
	str := tBuiltin("string")
	parent := tStruct("p", "T", tField("F", "f", str))
	ctx := fieldCtx(parent, 0)

	v, err := evalTags(t, r, ctx, `k8s:ifEnabled(FeatureX)=+k8s:fake=deferred`)
	if err != nil {
		t.Fatal(err)
	}
	inner := fake.call("k8s:fake")
	want := Call{Tag: ifEnabledTagName, Flags: ShortCircuit, Function: ValidateFunc("IfOption"),
		Args: []any{"FeatureX", true, WrapperFunction{Function: inner, ObjType: str}}}
	if !reflect.DeepEqual(v.Calls, []Call{want}) {
		t.Errorf("ifEnabled:\n got %#v\nwant %#v", v.Calls, want)
	}
	d, _ := v.Deferred[0].Run()
	if len(d.Calls) != 1 || d.Calls[0].Args[2].(WrapperFunction).ObjType != parent || d.Calls[0].Args[1] != true {
		t.Errorf("ifEnabled, deferred to the parent: %+v", d.Calls)
	}

	v, err = evalTags(t, r, Context{Scope: ScopeConst, Type: str}, `k8s:ifDisabled("Feature Y")=+k8s:fake`)
	if err != nil || len(v.Calls) != 1 || v.Calls[0].Tag != ifDisabledTagName ||
		v.Calls[0].Args[0] != "Feature Y" || v.Calls[0].Args[1] != false {
		t.Errorf("ifDisabled: %+v, %v", v.Calls, err)
	}

	for text, msg := range map[string]string{
		`k8s:ifEnabled=+k8s:fake`:           `tag "k8s:ifEnabled": missing required positional argument of type string`,
		`k8s:ifEnabled(X)`:                  `tag "k8s:ifEnabled": missing required tag value of type tag`,
		`k8s:ifEnabled(a: "X")=+k8s:fake`:   `tag "k8s:ifEnabled": missing required positional argument of type string`,
		`k8s:ifDisabled(X)=+k8s:fake(1)=+x`: `tag "k8s:ifDisabled": tag "k8s:fake": unrecognized named argument "1"`,
	} {
		if _, err := evalTags(t, r, ctx, text); err == nil || err.Error() != msg {
			t.Errorf("%s: got %v\nwant %s", text, err, msg)
		}
	}
}

func TestSimpleTags(t *testing.T) {
	r := registryOf(t, Config{}, nil, immutableTagName, monotonicTagName, opaqueTypeTagName)
	i64 := tBuiltin("int64")
	ctx := fieldCtx(tStruct("p", "T", tField("F", "f", PointerTo(i64))), 0)

	v, err := evalTags(t, r, ctx, "k8s:immutable")
	want := []Call{{Tag: immutableTagName, Flags: ShortCircuit, Function: ValidateFunc("Immutable"),
		Emits: []Emission{{Type: field.ErrorTypeInvalid, Origin: "immutable"}}}}
	if err != nil || !reflect.DeepEqual(v.Calls, want) {
		t.Errorf("immutable: %+v, %v", v.Calls, err)
	}

	v, err = evalTags(t, r, ctx, "k8s:monotonic")
	if err != nil || !reflect.DeepEqual(v.Calls, []Call{{Tag: monotonicTagName, Function: ValidateFunc("Monotonic")}}) {
		t.Errorf("monotonic: %+v, %v", v.Calls, err)
	}
	for typ, msg := range map[*model.Type]string{
		PointerTo(tBuiltin("string")):                        `tag "k8s:monotonic": must be an integer type (got *string -> string)`,
		tNamed("p", "F", model.Defined, tBuiltin("float64")): `tag "k8s:monotonic": must be an integer type (got p.F -> float64)`,
		tBuiltin("uintptr"):                                  `tag "k8s:monotonic": must be an integer type (got uintptr)`,
	} {
		if _, err := evalTags(t, r, Context{Scope: ScopeType, Type: typ}, "k8s:monotonic"); err == nil || err.Error() != msg {
			t.Errorf("monotonic on %s: got %v\nwant %s", typ.Name, err, msg)
		}
	}
	if _, err := evalTags(t, r, Context{Scope: ScopeListVal, Type: i64}, "k8s:monotonic"); err == nil {
		t.Errorf("monotonic on list values: no error")
	}

	opaqueT := tStruct("p", "Opaque")
	plain := tStruct("p", "Plain")
	parent := tStruct("p", "T", tField("A", "a", PointerTo(opaqueT)), tField("B", "b", plain), tField("C", "c", plain))
	v, err = evalTags(t, r, Context{Scope: ScopeType, Type: opaqueT}, "k8s:opaqueType")
	if err != nil || !v.OpaqueType || v.HasEmitable() {
		t.Errorf("opaqueType: %+v, %v", v, err)
	}
	if _, err := evalTags(t, r, fieldCtx(parent, 1), "k8s:opaqueType"); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, true, false} {
		if got := isFieldOpaque(r, fieldCtx(parent, i)); got != want {
			t.Errorf("isFieldOpaque(%s) = %v", parent.Members[i].Name, got)
		}
	}
	// Another run starts afresh.
	r2 := registryOf(t, Config{}, nil, opaqueTypeTagName)
	if isFieldOpaque(r2, fieldCtx(parent, 0)) {
		t.Errorf("opaqueness leaked into another run")
	}
}

func TestNEQ(t *testing.T) {
	r := registryOf(t, Config{}, nil, neqTagName)
	for _, tc := range []struct {
		typ  *model.Type
		tag  string
		want any
	}{
		{tBuiltin("string"), `k8s:neq="x"`, "x"},
		{tNamed("p", "S", model.Defined, tBuiltin("string")), `k8s:neq=""`, ""},
		{PointerTo(tBuiltin("bool")), `k8s:neq=true`, true},
		{tBuiltin("bool"), `k8s:neq=false`, false},
		{tBuiltin("int32"), `k8s:neq=-1`, -1},
		{tBuiltin("uint8"), `k8s:neq=0`, 0},
	} {
		v, err := evalTags(t, r, Context{Scope: ScopeField, Type: tc.typ}, tc.tag)
		want := []Call{{Tag: neqTagName, Function: ValidateFunc("NEQ"), Args: []any{tc.want},
			Emits: []Emission{{Type: field.ErrorTypeInvalid, Origin: "neq"}}}}
		if err != nil || !reflect.DeepEqual(v.Calls, want) {
			t.Errorf("%s on %s: %+v, %v", tc.tag, tc.typ.Name, v.Calls, err)
		}
	}
	for _, tc := range []struct {
		typ       *model.Type
		tag, want string
	}{
		{tBuiltin("string"), `k8s:neq=1`, "type mismatch: field is a string, but payload is of type int"},
		{tBuiltin("bool"), `k8s:neq="true"`, "type mismatch: field is a bool, but payload is of type string"},
		{tBuiltin("int"), `k8s:neq=true`, "type mismatch: field is an integer, but payload is of type bool"},
		{tBuiltin("int"), `k8s:neq=0x10`, `invalid integer value for payload: parsing "0x10" as int: strconv.Atoi: parsing "0x10": invalid syntax`},
		{tBuiltin("int"), `k8s:neq=+5`, `invalid integer value for payload: "+5" is not a valid int value`},
		{tBuiltin("float64"), `k8s:neq=1`, "unsupported type for 'neq' tag: float64"},
		{tBuiltin("int8"), `k8s:neq="a"`, "type mismatch: field is an integer, but payload is of type string"},
		{tSlice(tBuiltin("string")), `k8s:neq="a"`, "can only be used on comparable types (e.g. string, int, bool), but got []string"},
		{PointerTo(tStruct("p", "S", tField("P", "p", PointerTo(tBuiltin("int"))))), `k8s:neq="a"`,
			"can only be used on comparable types (e.g. string, int, bool), but got *p.S -> p.S"},
		{tStruct("p", "S"), `k8s:neq="a"`, "unsupported type for 'neq' tag: p.S"},
		{tBuiltin("string"), `k8s:neq`, "missing required tag value of type raw"},
	} {
		_, err := evalTags(t, r, Context{Scope: ScopeField, Type: tc.typ}, tc.tag)
		if want := `tag "k8s:neq": ` + tc.want; err == nil || err.Error() != want {
			t.Errorf("%s on %s: got %v\nwant %s", tc.tag, tc.typ.Name, err, want)
		}
	}
}

func TestDependentRequired(t *testing.T) {
	r := registryOf(t, Config{}, nil, dependentRequiredTagName, dependentForbiddenTagName)
	str := tBuiltin("string")
	parent := tStruct("p", "T",
		tField("Trigger", "trigger", PointerTo(str)),
		tField("List", "list", tSlice(str)),
		tField("Count", "count", tNamed("p", "Count", model.Defined, tBuiltin("int"))),
		tField("Inner", "inner", tStruct("p", "Inner")),
	)
	v, err := evalTags(t, r, fieldCtx(parent, 0), `k8s:dependentRequired("list")`)
	if err != nil || len(v.Calls) != 0 || len(v.Deferred) != 1 || v.Deferred[0].Scope != ParentContext {
		t.Fatalf("dependentRequired: %+v, %v", v, err)
	}
	d, err := v.Deferred[0].Run()
	if err != nil || len(d.Calls) != 1 {
		t.Fatalf("deferred: %+v, %v", d, err)
	}
	c := d.Calls[0]
	if c.Tag != dependentRequiredTagName || c.Function != ValidateFunc("DependentRequired") || c.Flags != 0 || len(c.Args) != 4 ||
		c.Args[0] != "trigger" || c.Args[2] != "list" ||
		!reflect.DeepEqual(c.Emits, []Emission{{Type: field.ErrorTypeRequired, Origin: "dependentRequired", PathFragment: ".list"}}) {
		t.Errorf("call: %+v", c)
	}
	for i, body := range []string{
		"if obj == nil {return false}; return obj.Trigger != nil",
		"if obj == nil {return false}; return len(obj.List) != 0",
	} {
		f := c.Args[1+2*i].(FunctionLiteral)
		if f.Body != body || len(f.Params) != 1 || f.Params[0].Name != "obj" || f.Params[0].Type.Kind != model.Pointer ||
			f.Params[0].Type.Elem != parent || len(f.Results) != 1 || f.Results[0].Type.Name.Name != "bool" {
			t.Errorf("extractor %d: %+v", i, f)
		}
	}

	v, err = evalTags(t, r, fieldCtx(parent, 2), `k8s:dependentForbidden("trigger")`)
	if err != nil {
		t.Fatal(err)
	}
	d, _ = v.Deferred[0].Run()
	c = d.Calls[0]
	if c.Function != ValidateFunc("DependentForbidden") || c.Args[1].(FunctionLiteral).Body != "if obj == nil {return false}; var z p.Count; return obj.Count != z" ||
		c.Emits[0] != (Emission{Type: field.ErrorTypeForbidden, Origin: "dependentForbidden", PathFragment: ".trigger"}) {
		t.Errorf("dependentForbidden: %+v", c)
	}

	for _, tc := range []struct {
		i         int
		tag, want string
	}{
		{0, `k8s:dependentRequired("nope")`, `no sibling field with JSON name "nope"`},
		{0, `k8s:dependentRequired("trigger")`, `trigger and dependent field must be different (both are "trigger")`},
		{0, `k8s:dependentRequired("inner")`, `dependent field "Inner" has unsupported type kind Struct`},
		{3, `k8s:dependentForbidden("list")`, `trigger field "Inner" has unsupported type kind Struct`},
		{0, `k8s:dependentRequired`, `missing required positional argument of type string`},
		{0, `k8s:dependentRequired(1)`, `argument "1" has wrong type: got int, want string`},
	} {
		_, err := evalTags(t, r, fieldCtx(parent, tc.i), tc.tag)
		name, _, _ := strings.Cut(tc.tag, "(")
		if want := `tag "` + name + `": ` + tc.want; err == nil || err.Error() != want {
			t.Errorf("%s: got %v\nwant %s", tc.tag, err, want)
		}
	}
}

func TestCustomValidation(t *testing.T) {
	const pkg = "example.com/api"
	str := tBuiltin("string")
	ctxT := tNamed("context", "Context", model.Interface, nil)
	op := tStruct("k8s.io/apimachinery/pkg/api/operation", "Operation")
	path := PointerTo(tStruct("k8s.io/apimachinery/pkg/util/validation/field", "Path"))
	errs := tNamed("k8s.io/apimachinery/pkg/util/validation/field", "ErrorList", model.Defined, nil)
	sig := func(name string, value *model.Type) *model.Function {
		return &model.Function{Name: name, Params: []*model.Type{ctxT, op, path, value, value}, Results: []*model.Type{errs}}
	}
	strType := tNamed(pkg, "StringType", model.Defined, str)
	list := tSlice(str)
	parent := tStruct(pkg, "Struct", tField("Name", "name", str), tField("Items", "items", list), tField("Bad", "bad", str))
	u := model.NewUniverse()
	u.AddPackage(&model.Package{Path: pkg, Input: true, Funcs: []*model.Function{
		sig("ValidateCustom_Struct", PointerTo(parent)),
		sig("ValidateCustom_Struct_Name", PointerTo(str)),
		sig("ValidateCustom_Struct_Items", list),
		sig("ValidateCustom_Struct_Bad", str),
		sig("ValidateCustom_StringType", PointerTo(strType)),
		sig("ValidateCustom_Unused", PointerTo(str)),
	}})
	r := registryOf(t, Config{Universe: u, InputToCanonical: map[string]string{pkg: pkg}}, nil, customValidationTagName, ifEnabledTagName)

	for _, tc := range []struct {
		ctx  Context
		tag  string
		want string
	}{
		{Context{Scope: ScopeType, Type: parent}, "k8s:customValidation", "ValidateCustom_Struct"},
		{Context{Scope: ScopeType, Type: strType}, "k8s:customValidation", "ValidateCustom_StringType"},
		{fieldCtx(parent, 1), "k8s:customValidation", "ValidateCustom_Struct_Items"},
	} {
		v, err := evalTags(t, r, tc.ctx, tc.tag)
		want := []Call{{Tag: customValidationTagName, Function: model.Name{Package: pkg, Name: tc.want}, Comments: []string{"custom validation"}}}
		if err != nil || !reflect.DeepEqual(v.Calls, want) {
			t.Errorf("%s: %+v, %v", tc.want, v.Calls, err)
		}
	}
	err := VerifyCustomValidationsHaveTags(r)
	if want := "+k8s:customValidation: " + pkg + ".ValidateCustom_Struct_Bad: no matching tag (add +k8s:customValidation, or rename if not a custom validation); " +
		pkg + ".ValidateCustom_Struct_Name: no matching tag (add +k8s:customValidation, or rename if not a custom validation); " +
		pkg + ".ValidateCustom_Unused: no matching tag (add +k8s:customValidation, or rename if not a custom validation)"; err == nil || err.Error() != want {
		t.Errorf("verify: got %v\nwant %s", err, want)
	}
	// A nested tag claims its function too.
	if _, err := evalTags(t, r, fieldCtx(parent, 0), "k8s:ifEnabled(X)=+k8s:customValidation"); err != nil {
		t.Fatal(err)
	}
	if err := VerifyCustomValidationsHaveTags(r); err == nil || strings.Contains(err.Error(), "ValidateCustom_Struct_Name") {
		t.Errorf("verify after ifEnabled: %v", err)
	}

	for _, tc := range []struct {
		ctx  Context
		want string
	}{
		{fieldCtx(parent, 2), `+k8s:customValidation: example.com/api.ValidateCustom_Struct_Bad must have signature func(ctx context.Context, op operation.Operation, fldPath *field.Path, value, oldValue *string) field.ErrorList`},
		{Context{Scope: ScopeType, Type: tStruct(pkg, "Other")}, `+k8s:customValidation: expected hand-written function example.com/api.ValidateCustom_Other was not found`},
		{Context{Scope: ScopeType, Type: tStruct("other.com/x", "Other")}, `cannot resolve generated package for other.com/x (is it being processed by validation-gen?)`},
	} {
		_, err := evalTags(t, r, tc.ctx, "k8s:customValidation")
		if want := `tag "k8s:customValidation": ` + tc.want; err == nil || err.Error() != want {
			t.Errorf("got %v\nwant %s", err, want)
		}
	}

	// A function in the input package when another is generated into.
	u2 := model.NewUniverse()
	u2.AddPackage(&model.Package{Path: pkg, Input: true, Funcs: []*model.Function{sig("ValidateCustom_Struct", PointerTo(parent))}})
	u2.AddPackage(&model.Package{Path: "example.com/internal"})
	r2 := registryOf(t, Config{Universe: u2, InputToCanonical: map[string]string{pkg: "example.com/internal"}}, nil, customValidationTagName)
	if err := VerifyCustomValidationsHaveTags(r2); err == nil || err.Error() != "+k8s:customValidation: example.com/api.ValidateCustom_Struct: move to the generated package example.com/internal" {
		t.Errorf("misplaced: %v", err)
	}
}
