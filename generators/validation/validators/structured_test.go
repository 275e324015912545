package validators

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/model"
)

// Tests of the list, item, subfield, union, zeroOrOneOf and mode tags,
// over small in-memory types.

const lsPkg = "example.com/api"

func taskType() *model.Type {
	return tStruct(lsPkg, "Task",
		tField("Name", "name", tBuiltin("string")),
		tField("Prio", "prio", PointerTo(tBuiltin("int"))),
		tField("Data", "data", tSlice(tBuiltin("string"))))
}

func TestListMapUnique(t *testing.T) {
	r := fullRegistry(t)
	task := taskType()
	parent := tStruct(lsPkg, "S", tField("Tasks", "tasks", tSlice(task)))
	ctx := fieldCtx(parent, 0)
	v := evalOK(t, r, ctx, "k8s:listType=map", "k8s:listMapKey=name", "k8s:listMapKey=prio")
	if len(v.Calls) != 0 || len(v.Deferred) != 1 {
		t.Fatalf("want only deferred work, got %+v", v)
	}
	v = resolveAll(t, v)
	if len(v.Calls) != 1 {
		t.Fatalf("calls: %+v", v.Calls)
	}
	c := v.Calls[0]
	if c.Function != ValidateFunc("ValSliceUnique") || c.Tag != "listValidator" ||
		!reflect.DeepEqual(c.Comments, []string{"lists with map semantics require unique keys"}) {
		t.Errorf("call: %+v", c)
	}
	fl := c.Args[0].(FunctionLiteral)
	wantBody := "return a.Name == b.Name && ((a.Prio == nil && b.Prio == nil) || (a.Prio != nil && b.Prio != nil && *a.Prio == *b.Prio))"
	if fl.Body != wantBody || fl.Params[0].Name != "a" || fl.Params[1].Type.Kind != model.Pointer || fl.Params[1].Type.Elem != task ||
		fl.Results[0].Type.Name.Name != "bool" {
		t.Errorf("match function: %+v", fl)
	}
	if !reflect.DeepEqual(c.Emits, []Emission{{Type: field.ErrorTypeDuplicate, PathFragment: "[*]"}}) {
		t.Errorf("emits: %+v", c.Emits)
	}
}

func TestListSetAndCustom(t *testing.T) {
	r := fullRegistry(t)
	s := tBuiltin("string")
	task := taskType()
	parent := tStruct(lsPkg, "S",
		tField("A", "a", tSlice(s)),
		tField("B", "b", tSlice(PointerTo(s))),
		tField("C", "c", tSlice(task)),
		tField("D", "d", tSlice(s)))

	v := resolveAll(t, evalOK(t, r, fieldCtx(parent, 0), "k8s:listType=set"))
	if c := v.Calls[0]; c.Function != ValidateFunc("ValSliceUnique") || c.Args[0] != Identifier(ValidateFunc("DirectEqual")) {
		t.Errorf("set of strings: %+v", c)
	}
	// Beta context: the check is marked.
	ctx := fieldCtx(parent, 1)
	ctx.Stability = Beta
	v = resolveAll(t, evalOK(t, r, ctx, "k8s:listType=atomic", "k8s:unique=set"))
	if c := v.Calls[0]; c.Function != ValidateFunc("PtrSliceUnique") || c.Stability != Beta {
		t.Errorf("set of pointers: %+v", c)
	}
	v = resolveAll(t, evalOK(t, r, fieldCtx(parent, 2), "k8s:listType=set"))
	if c := v.Calls[0]; c.Args[0] != Identifier(ValidateFunc("SemanticDeepEqual")) {
		t.Errorf("set of structs with a slice: %+v", c)
	}
	v = resolveAll(t, evalOK(t, r, fieldCtx(parent, 3), "k8s:listType=set", "k8s:customUnique"))
	if len(v.Calls) != 0 || !reflect.DeepEqual(v.Comments, []string{"Uniqueness validation is implemented via custom, handwritten validation"}) {
		t.Errorf("custom unique: %+v", v)
	}
}

func TestListErrors(t *testing.T) {
	s := tBuiltin("string")
	task := taskType()
	parent := tStruct(lsPkg, "S",
		tField("A", "a", tSlice(s)),
		tField("T", "t", tSlice(task)),
		tField("N", "n", s))
	for _, tc := range []struct {
		i    int
		tags []string
		want string
	}{
		{2, []string{"k8s:listType=set"}, "can only be used on list types (Builtin)"},
		{0, []string{"k8s:listType=map"}, "only lists of structs can be list-maps"},
		{0, []string{"k8s:listType=bag"}, `unknown list type "bag"`},
		{0, []string{"k8s:listType=set", "k8s:unique=set"}, "unique tag may not be used with listType=set or listType=map"},
		{1, []string{"k8s:listMapKey=nope", "k8s:listType=map"}, `no field for JSON name "nope"`},
		{1, []string{"k8s:listMapKey=data", "k8s:listType=map"}, "only primitive types and pointers to primitive types can be list-map keys, not []string"},
		{1, []string{"k8s:unique=map", "k8s:unique=set"}, "unique tag cannot be specified more than once"},
		{1, []string{"k8s:listType=set", "k8s:listType=atomic"}, "listType cannot be specified more than once"},
	} {
		r := fullRegistry(t)
		_, err := evalTags(t, r, fieldCtx(parent, tc.i), tc.tags...)
		wantErr(t, err, tc.want)
	}

	// Errors found once all tags were seen.
	for _, tc := range []struct {
		tags []string
		want string
	}{
		{[]string{"k8s:listType=map"}, "found listType=map or unique=map without listMapKey"},
		{[]string{"k8s:listMapKey=name", "k8s:listType=set"}, "found listMapKey without listType=map or unique=map"},
		{[]string{"k8s:unique=set"}, "listType must be specified - use listType=atomic, listType=set, or listType=map"},
	} {
		r := fullRegistry(t)
		v := evalOK(t, r, fieldCtx(parent, 1), tc.tags...)
		_, err := v.Deferred[0].Run()
		wantErr(t, err, tc.want)
		if pos, ok := TagPos(err); !ok || pos.Filename != "doc.go" {
			t.Errorf("deferred error %v is not at its tag (%v)", err, pos)
		}
	}
}

func TestListTypeOnTypedef(t *testing.T) {
	r := fullRegistry(t)
	task := taskType()
	tasks := &model.Type{Name: model.Name{Package: lsPkg, Name: "Tasks"}, Kind: model.Defined, Underlying: tSlice(task)}
	typeCtx := Context{Scope: ScopeType, Type: tasks, Path: field.NewPath(tasks.Name.String())}
	v := resolveAll(t, evalOK(t, r, typeCtx, "k8s:listType=map", "k8s:listMapKey=name"))
	if len(v.Calls) != 1 {
		t.Fatalf("type: %+v", v)
	}
	// A field of that type finds the type's keys for +k8s:item.
	parent := tStruct(lsPkg, "S", tField("Tasks", "tasks", tasks))
	v = resolveAll(t, evalOK(t, r, fieldCtx(parent, 0), `k8s:item(name: "x")=+k8s:validateFalse="no"`))
	if len(v.Calls) != 1 || v.Calls[0].Function != ValidateFunc("ValSliceItem") {
		t.Fatalf("item over typedef: %+v", v.Calls)
	}
}

func TestItem(t *testing.T) {
	r := fullRegistry(t)
	task := taskType()
	parent := tStruct(lsPkg, "S", tField("Tasks", "tasks", tSlice(PointerTo(task))))
	ctx := fieldCtx(parent, 0)
	v := evalOK(t, r, ctx,
		`k8s:item(prio: 7, name: "a")=+k8s:validateFalse="x"`,
		"k8s:listType=map", "k8s:listMapKey=name", "k8s:listMapKey=prio")
	v = resolveAll(t, v)
	var item *Call
	for i := range v.Calls {
		if v.Calls[i].Tag == itemTagName {
			item = &v.Calls[i]
		}
	}
	if item == nil {
		t.Fatalf("no item call: %+v", v.Calls)
	}
	if item.Function != ValidateFunc("PtrSliceItem") || item.Cohort != `{"prio": 7, "name": "a"}` {
		t.Errorf("item call: %+v", item)
	}
	match := item.Args[0].(FunctionLiteral)
	if want := `return item.Name == "a" && item.Prio != nil && *item.Prio == 7`; match.Body != want {
		t.Errorf("match body %q, want %q", match.Body, want)
	}
	if item.Args[1] != Identifier(ValidateFunc("SemanticDeepEqual")) {
		t.Errorf("equiv: %v", item.Args[1])
	}
	w := item.Args[2].(WrapperFunction)
	if w.ObjType != task || w.Function.Tag != "k8s:validateFalse" {
		t.Errorf("wrapper: %+v", w)
	}
}

func TestItemErrors(t *testing.T) {
	task := taskType()
	s := tBuiltin("string")
	parent := tStruct(lsPkg, "S", tField("Tasks", "tasks", tSlice(task)), tField("L", "l", tSlice(s)))
	for _, tc := range []struct {
		i    int
		tags []string
		want string
	}{
		{1, []string{`k8s:item(name: "a")=+k8s:validateFalse="x"`}, "can only be used on lists of structs"},
		{0, []string{`k8s:item("a")=+k8s:validateFalse="x"`}, "all arguments must be named"},
		{0, []string{`k8s:item(name: "a", name: "b")=+k8s:validateFalse="x"`}, `duplicate argument: "name"`},
		{0, []string{`k8s:item(n: 007)=+k8s:validateFalse="x"`}, `invalid value for argument "n": invalid integer: "007" is not a valid int value`},
	} {
		_, err := evalTags(t, fullRegistry(t), fieldCtx(parent, tc.i), tc.tags...)
		wantErr(t, err, tc.want)
	}
	for _, tc := range []struct {
		tags []string
		want string
	}{
		{[]string{`k8s:item(name: "a")=+k8s:validateFalse="x"`}, "found items with no list metadata"},
		{[]string{`k8s:item(name: "a", prio: 1)=+k8s:validateFalse="x"`, "k8s:listType=map", "k8s:listMapKey=name"}, "number of arguments (2) does not match number of listMapKey fields (1)"},
		{[]string{`k8s:item(prio: 1)=+k8s:validateFalse="x"`, "k8s:listType=map", "k8s:listMapKey=name"}, "missing required listMapKey fields: [name]"},
		{[]string{`k8s:item(name: 1)=+k8s:validateFalse="x"`, "k8s:listType=map", "k8s:listMapKey=name"}, "type mismatch, field is string but value is not: 1"},
	} {
		v := evalOK(t, fullRegistry(t), fieldCtx(parent, 0), tc.tags...)
		_, err := v.Deferred[0].Run()
		wantErr(t, err, tc.want)
	}
}

func TestItemUnion(t *testing.T) {
	r := fullRegistry(t)
	task := taskType()
	parent := tStruct(lsPkg, "S", tField("Tasks", "tasks", tSlice(task)))
	ctx := fieldCtx(parent, 0)
	v := evalOK(t, r, ctx,
		"k8s:listType=map", "k8s:listMapKey=name",
		`k8s:item(name: "succeeded")=+k8s:unionMember`,
		`k8s:item(name: "failed")=+k8s:unionMember`)
	for _, d := range v.Deferred {
		if d.Scope != ThisContext {
			t.Errorf("item deferred work has scope %v", d.Scope)
		}
	}
	v = resolveAll(t, v)
	if len(v.Calls) != 2 || v.Calls[0].Function != ValidateFunc("Union") || v.Calls[1].Function != ValidateFunc("ValSliceUnique") {
		t.Fatalf("calls: %+v", v.Calls)
	}
	wantVar := PrivateVar{Package: "local", Name: "unionMembershipFor_example_com_api_S_tasks_"}
	if len(v.Variables) != 1 || v.Variables[0].Name != wantVar {
		t.Fatalf("variables: %+v", v.Variables)
	}
	init := v.Variables[0].Init.(Call)
	if init.Function != ValidateFunc("NewUnionMembership") || len(init.Args) != 2 ||
		!reflect.DeepEqual(init.Args[0].(Call).Args, []any{`tasks[{"name": "succeeded"}]`}) {
		t.Errorf("membership: %+v", init)
	}
	u := v.Calls[0]
	if u.Args[0] != wantVar || len(u.Args) != 3 {
		t.Fatalf("union args: %+v", u.Args)
	}
	first := u.Args[1].(FunctionLiteral) // sorted by member: failed first
	if !strings.Contains(first.Body, `if list[i].Name == "failed" {`) || first.Params[0].Type != ctx.Type {
		t.Errorf("item extractor: %+v", first)
	}
}

func TestFieldUnions(t *testing.T) {
	r := fullRegistry(t)
	s := tBuiltin("string")
	parent := tStruct(lsPkg, "U",
		tField("Kind", "kind", s),
		tField("A", "a", PointerTo(s)),
		tField("B", "b", tSlice(s)),
		tField("C", "c", tBuiltin("int")))
	var all Validations
	add := func(i int, tags ...string) {
		v := evalOK(t, r, fieldCtx(parent, i), tags...)
		for _, d := range v.Deferred {
			if d.Scope != ParentContext && len(tags) > 0 {
				t.Errorf("union deferred scope %v", d.Scope)
			}
		}
		all.Add(v)
	}
	add(0, "k8s:unionDiscriminator")
	add(1, "k8s:unionMember")
	add(2, `k8s:unionMember(memberName: "Bee")`)
	add(3, `k8s:zeroOrOneOfMember(union: "z")`)
	v := resolveAll(t, all)
	if len(v.Calls) != 2 || len(v.Variables) != 2 {
		t.Fatalf("got %+v", v)
	}
	d := v.Calls[0]
	if d.Function != ValidateFunc("DiscriminatedUnion") || d.Tag != unionMemberTagName {
		t.Fatalf("discriminated: %+v", d)
	}
	disc := d.Args[1].(FunctionLiteral)
	if disc.Body != `if obj == nil {return ""}; return string(obj.Kind)` {
		t.Errorf("discriminator body %q", disc.Body)
	}
	if b := d.Args[2].(FunctionLiteral).Body; b != "if obj == nil {return false}; return obj.A != nil" {
		t.Errorf("pointer member body %q", b)
	}
	if b := d.Args[3].(FunctionLiteral).Body; b != "if obj == nil {return false}; return len(obj.B) != 0" {
		t.Errorf("slice member body %q", b)
	}
	init := v.Variables[0].Init.(Call)
	if init.Function != ValidateFunc("NewDiscriminatedUnionMembership") || init.Args[0] != "kind" ||
		!reflect.DeepEqual(init.Args[2].(Call).Args, []any{"b", "Bee"}) {
		t.Errorf("membership: %+v", init)
	}
	z := v.Calls[1]
	if z.Function != ValidateFunc("ZeroOrOneOfUnion") ||
		z.Args[0] != (PrivateVar{Package: "local", Name: "zeroOrOneOfMembershipFor_example_com_api_U_z"}) ||
		z.Args[1].(FunctionLiteral).Body != "if obj == nil {return false}; var z int; return obj.C != z" ||
		z.Emits[0].Origin != "zeroOrOneOf" {
		t.Errorf("zeroOrOneOf: %+v", z)
	}

	// Errors.
	bad := tStruct(lsPkg, "V", tField("K", "k", tBuiltin("int")), tField("S", "s", tStruct(lsPkg, "In")))
	_, err := evalTags(t, r, fieldCtx(bad, 0), "k8s:unionDiscriminator")
	wantErr(t, err, "can only be used on string types (int)")
	_, err = evalTags(t, r, fieldCtx(bad, 1), "k8s:unionMember")
	wantErr(t, err, "can only be used on nilable and primitive types (Struct)")
}

func TestSubfield(t *testing.T) {
	r := fullRegistry(t)
	s := tBuiltin("string")
	target := tStruct(lsPkg, "Target", tField("Value", "value", PointerTo(s)), tField("Other", "other", s))
	target.Members[0].Doc = model.Comment{Lines: []model.Line{{Text: "+k8s:required"}}}
	parent := tStruct(lsPkg, "P", tField("Field", "field", target))
	ctx := fieldCtx(parent, 0)
	v := evalOK(t, r, ctx, `k8s:subfield(value)=+k8s:validateFalse="v"`, `k8s:subfield(other)=+k8s:validateFalse="o"`)
	v = resolveAll(t, v)
	// value: its own validateFalse, then its inherited +k8s:required
	// (non-error); other: validateFalse only.
	if len(v.Calls) != 3 {
		t.Fatalf("calls: %+v", v.Calls)
	}
	c := v.Calls[0]
	if c.Function != ValidateFunc("Subfield") || c.Cohort != "value" || c.Args[0] != "value" {
		t.Errorf("call: %+v", c)
	}
	get := c.Args[1].(FunctionLiteral)
	if get.Body != "return o.Value" || get.Params[0].Type.Kind != model.Pointer || get.Params[0].Type.Elem != target {
		t.Errorf("getter: %+v", get)
	}
	if c.Args[2] != Identifier(ValidateFunc("DirectEqual")) { // *string: compared deeply by ==
		t.Errorf("equiv: %v", c.Args[2])
	}
	if w := c.Args[3].(WrapperFunction); w.PathFragment != ".value" || w.ObjType != target.Members[0].Type {
		t.Errorf("wrapper: %+v", w)
	}
	inh := v.Calls[1].Args[3].(WrapperFunction).Function
	if !inh.Flags.Has(ShortCircuit|NonError) || inh.Tag != "k8s:required" {
		t.Errorf("inherited short-circuit: %+v", inh)
	}
	if o := v.Calls[2]; o.Cohort != "other" || o.Args[1].(FunctionLiteral).Body != "return &o.Other" ||
		o.Args[2] != Identifier(ValidateFunc("DirectEqual")) {
		t.Errorf("other: %+v", o)
	}

	// An opaque field inherits nothing.
	r = fullRegistry(t)
	v = resolveAll(t, evalOK(t, r, ctx, `k8s:subfield(value)=+k8s:validateFalse="v"`, "k8s:opaqueType"))
	if len(v.Calls) != 1 {
		t.Errorf("opaque: %+v", v.Calls)
	}

	_, err := evalTags(t, r, ctx, `k8s:subfield(nope)=+k8s:validateFalse="v"`)
	wantErr(t, err, `no field for json name "nope"`)
	_, err = evalTags(t, r, ctx, `k8s:subfield(value)=+k8s:subfield(x)=+k8s:validateFalse="v"`)
	wantErr(t, err, "nested +k8s:subfield tags are unsupported")
}

func TestModes(t *testing.T) {
	r := fullRegistry(t)
	s := tBuiltin("string")
	parent := tStruct(lsPkg, "M",
		tField("D", "d", s),
		tField("A", "fieldA", PointerTo(s)),
		tField("L", "list", tSlice(s)))
	var all Validations
	all.Add(evalOK(t, r, fieldCtx(parent, 0), "k8s:modeDiscriminator"))
	all.Add(evalOK(t, r, fieldCtx(parent, 1), `k8s:ifMode("B")=+k8s:required`, `k8s:ifMode("A")=+k8s:optional`))
	beta := fieldCtx(parent, 2)
	beta.Stability = Beta
	all.Add(evalOK(t, r, beta, `k8s:ifMode(mode: "A")=+k8s:optional`))
	v := resolveAll(t, all)
	if len(v.Calls) != 2 {
		t.Fatalf("calls: %+v", v.Calls)
	}
	c := v.Calls[0]
	if c.Function != ValidateFunc("Discriminated") || !c.StabilitySelfManaged || c.Args[0] != Literal(`"fieldA"`) {
		t.Fatalf("call: %+v", c)
	}
	if b := c.Args[1].(FunctionLiteral).Body; b != "return obj.A" {
		t.Errorf("getValue %q", b)
	}
	if b := c.Args[2].(FunctionLiteral).Body; b != "return obj.D" {
		t.Errorf("getDiscriminator %q", b)
	}
	forb := c.Args[4].(MultiWrapperFunction)
	if forb.Functions[0].Function != ValidateFunc("ForbiddenPointer") || forb.PathFragment != ".fieldA" || forb.Functions[0].Stability != "" {
		t.Errorf("forbidden: %+v", forb)
	}
	rules := c.Args[5].(SliceLiteral)
	if len(rules.Elements) != 2 || rules.Elements[0].(StructLiteral).Fields[0].Value != "A" {
		t.Fatalf("rules: %+v", rules)
	}
	l := v.Calls[1]
	if lf := l.Args[4].(MultiWrapperFunction); lf.Functions[0].Function != ValidateFunc("ForbiddenSlice") || lf.Functions[0].Stability != Beta {
		t.Errorf("list forbidden: %+v", lf)
	}
	rule := l.Args[5].(SliceLiteral).Elements[0].(StructLiteral).Fields[1].Value.(MultiWrapperFunction)
	for _, f := range rule.Functions {
		if f.Stability != Beta {
			t.Errorf("rule call not beta: %+v", f)
		}
	}

	// A mode without discriminator.
	r = fullRegistry(t)
	v = evalOK(t, r, fieldCtx(parent, 1), `k8s:ifMode(modality: "X", mode: "A")=+k8s:optional`)
	_, err := v.Deferred[0].Run()
	wantErr(t, err, `missing discriminator for group "X"`)
	_, err = evalTags(t, r, fieldCtx(parent, 1), "k8s:modeDiscriminator")
	wantErr(t, err, "can only be used on non-pointer types")
	_, err = evalTags(t, r, fieldCtx(parent, 0), `k8s:modeDiscriminator(modality: "1x")`)
	wantErr(t, err, "discriminator group name must match ^[a-zA-Z][a-zA-Z0-9_]*$, got \"1x\"")
}

func TestStateIsPerRun(t *testing.T) {
	s := tBuiltin("string")
	parent := tStruct(lsPkg, "S", tField("A", "a", tSlice(s)))
	for range 2 {
		// A second run must emit the check again.
		r := fullRegistry(t)
		v := resolveAll(t, evalOK(t, r, fieldCtx(parent, 0), "k8s:listType=set"))
		if len(v.Calls) != 1 {
			t.Fatalf("calls: %+v", v.Calls)
		}
	}
}
