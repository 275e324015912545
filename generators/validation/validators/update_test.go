package validators

import (
	"reflect"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/model"
)

// rtRunAll evaluates tags at ctx and then their deferred work (of this
// context), as the engine does for a field.
func rtRunAll(t *testing.T, r *Registry, ctx Context, texts ...string) ([]Call, error) {
	t.Helper()
	var v Validations
	for _, text := range texts {
		one, err := rtRun(t, r, ctx, text)
		if err != nil {
			return nil, err
		}
		v.Add(one)
	}
	calls := v.Calls
	for len(v.Deferred) > 0 {
		d := v.Deferred[0]
		v.Deferred = v.Deferred[1:]
		out, err := d.Run()
		if err != nil {
			return nil, err
		}
		calls = append(calls, out.Calls...)
		v.Deferred = append(v.Deferred, out.Deferred...)
	}
	var own []Call
	for _, c := range calls {
		if c.Tag == updateTagName {
			own = append(own, c)
		}
	}
	return own, nil
}

func TestUpdate(t *testing.T) {
	r := rtRegistry(t, Config{}, nil, updateTagName, listTypeTagName, listMapKeyTagName, uniqueTagName, betaTagName)
	str, i32 := rtBuiltin("string"), rtBuiltin("int32")
	item := rtStruct("p", "Item", rtField("Name", "name", str), rtField("Ptr", "ptr", PointerTo(i32)))
	inner := rtStruct("p", "Inner", rtField("S", "s", rtSlice(str)))
	frozen := rtNamed("p", "Frozen", model.Defined, rtSlice(str))
	parent := rtStruct("p", "T",
		rtField("Str", "str", str),                                // 0
		rtField("Ptr", "ptr", PointerTo(i32)),                     // 1
		rtField("Inner", "inner", inner),                          // 2
		rtField("Set", "set", rtSlice(str)),                       // 3
		rtField("Items", "items", rtSlice(item)),                  // 4
		rtField("Map", "map", rtMap(str, str)),                    // 5
		rtField("PtrItems", "ptrItems", rtSlice(PointerTo(item))), // 6
		rtField("Frozen", "frozen", frozen),                       // 7
		rtField("Comparable", "comparable", rtStruct("p", "C")),   // 8
		rtField("Arr", "arr", &model.Type{Name: model.Name{Name: "[2][]string"}, Kind: model.Array, Len: 2, Elem: rtSlice(str)}), // 9
		rtField("Atomic", "atomic", rtSlice(str)), // 10
	)
	id := func(n string) any { return Identifier(ValidateFunc(n)) }
	invalid := Emission{Type: field.ErrorTypeInvalid, Origin: "update"}
	forbidItem := Emission{Type: field.ErrorTypeForbidden, Origin: "update", PathFragment: "[*]"}
	forbidField := Emission{Type: field.ErrorTypeForbidden, Origin: "update"}

	// The list type's tags are kept by its name.
	if _, err := rtRun(t, r, Context{Scope: ScopeType, Type: frozen, Path: field.NewPath(frozen.Name.String())}, "k8s:listType=set"); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		field int
		tags  []string
		fn    string
		args  []any
		emits []Emission
		level Stability
	}{
		{0, []string{"k8s:update=NoModify", "k8s:update=NoSet"}, "UpdateValueByCompare", []any{id("NoSet"), id("NoModify")}, []Emission{invalid}, ""},
		{1, []string{"k8s:update=NoUnset"}, "UpdatePointer", []any{id("NoUnset")}, []Emission{invalid}, ""},
		{2, []string{"k8s:beta=+k8s:update=NoModify"}, "UpdateStruct", []any{id("NoModify")}, []Emission{invalid}, Beta},
		{8, []string{"k8s:update=NoModify"}, "UpdateStruct", []any{id("NoModify")}, []Emission{invalid}, ""},
		{9, []string{"k8s:update=NoModify"}, "UpdateValueByReflect", []any{id("NoModify")}, []Emission{invalid}, ""},
		{3, []string{"k8s:listType=set", "k8s:update=NoRemoveItem", "k8s:update=NoAddItem"}, "ValSliceUpdate",
			[]any{id("DirectEqual"), id("NoAddItem"), id("NoRemoveItem")}, []Emission{forbidItem, forbidField}, ""},
		{10, []string{"k8s:listType=atomic", "k8s:update=NoSet"}, "ValSliceUpdate", []any{Literal("nil"), id("NoSet")}, []Emission{invalid}, ""},
		{5, []string{"k8s:update=NoRemoveItem", "k8s:update=NoUnset"}, "UpdateMap", []any{id("NoUnset"), id("NoRemoveItem")}, []Emission{invalid, forbidItem}, ""},
		{7, []string{"k8s:update=NoAddItem"}, "ValSliceUpdate", []any{id("DirectEqual"), id("NoAddItem")}, []Emission{forbidItem}, ""},
	} {
		ctx := rtFieldCtx(parent, tc.field)
		calls, err := rtRunAll(t, r, ctx, tc.tags...)
		want := []Call{{Tag: updateTagName, Flags: ShortCircuit, Function: ValidateFunc(tc.fn), Args: tc.args, Emits: tc.emits, Stability: tc.level}}
		if err != nil || !reflect.DeepEqual(calls, want) {
			t.Errorf("%v on %s:\n got %+v, %v\nwant %+v", tc.tags, parent.Members[tc.field].Name, calls, err, want)
		}
	}

	// A list-map pairs items by key.
	for _, i := range []int{4, 6} {
		calls, err := rtRunAll(t, r, rtFieldCtx(parent, i), "k8s:listType=map", "k8s:listMapKey=name", "k8s:update=NoAddItem")
		if err != nil || len(calls) != 1 {
			t.Fatalf("list-map: %+v, %v", calls, err)
		}
		c := calls[0]
		wantFn := map[int]string{4: "ValSliceUpdate", 6: "PtrSliceUpdate"}[i]
		f, ok := c.Args[0].(FunctionLiteral)
		if c.Function != ValidateFunc(wantFn) || !ok || f.Body != "return a.Name == b.Name" || c.Args[1] != id("NoAddItem") {
			t.Errorf("list-map %d: %+v", i, c)
		}
	}

	// Per-item NoModify, through eachVal.
	items := rtFieldCtx(parent, 4)
	valCtx := Context{Scope: ScopeListVal, Type: item, ParentPath: items.Path, ParentType: items.Type, Path: items.Path.Key("vals")}
	calls, err := rtRunAll(t, r, valCtx, "k8s:update=NoModify")
	if err != nil || !reflect.DeepEqual(calls, []Call{{Tag: updateTagName, Flags: ShortCircuit, Function: ValidateFunc("UpdateStruct"),
		Args: []any{id("NoModify")}, Emits: []Emission{invalid}}}) {
		t.Errorf("eachVal NoModify: %+v, %v", calls, err)
	}

	for _, tc := range []struct {
		ctx  Context
		tags []string
		want string
	}{
		{rtFieldCtx(parent, 0), []string{"k8s:update=Nope"}, "unknown +k8s:update constraint: Nope"},
		{rtFieldCtx(parent, 0), []string{"k8s:update"}, "unknown +k8s:update constraint: "},
		{rtFieldCtx(parent, 0), []string{"k8s:update=NoAddItem"}, "+k8s:update=NoAddItem can only be used on list or map fields"},
		{rtFieldCtx(parent, 5), []string{"k8s:update=NoModify"}, "+k8s:update=NoModify is not supported on list or map fields, use +k8s:eachVal=+k8s:update=NoModify for per-item immutability"},
		{rtFieldCtx(parent, 2), []string{"k8s:update=NoSet"}, "+k8s:update=NoSet cannot be used on non-pointer struct fields (they cannot be unset)"},
		{rtFieldCtx(parent, 3), []string{"k8s:update=NoRemoveItem"}, "+k8s:update=NoAddItem/+k8s:update=NoRemoveItem require list metadata (+k8s:listType with listMapKey, or +k8s:unique) to determine item identity"},
		{rtFieldCtx(parent, 4), []string{"k8s:listType=atomic", "k8s:update=NoRemoveItem"}, "+k8s:update=NoAddItem/+k8s:update=NoRemoveItem require listType=set, listType=map, unique=set, or unique=map to define item identity"},
		{valCtx, []string{"k8s:update=NoSet"}, "+k8s:update=NoSet does not apply to list values, attach it to the enclosing field"},
		{Context{Scope: ScopeMapVal, Type: rtSlice(str)}, []string{"k8s:update=NoModify"}, "+k8s:update=NoModify cannot be applied to list/map elements that are themselves lists or maps"},
		{rtFieldCtx(parent, 2), []string{"k8s:update=1"}, "tag value has wrong type: got int, want string"},
	} {
		r := rtRegistry(t, Config{}, nil, updateTagName, listTypeTagName, listMapKeyTagName)
		_, err := rtRunAll(t, r, tc.ctx, tc.tags...)
		// (Errors of deferred work come unwrapped.)
		if err == nil || (err.Error() != tc.want && err.Error() != `tag "k8s:update": `+tc.want) {
			t.Errorf("%v: got %v\nwant %s", tc.tags, err, tc.want)
		}
	}

	// eachVal NoModify needs a list-map.
	r = rtRegistry(t, Config{}, nil, updateTagName, listTypeTagName)
	if _, err := rtRun(t, r, items, "k8s:listType=set"); err != nil {
		t.Fatal(err)
	}
	_, err = rtRun(t, r, valCtx, "k8s:update=NoModify")
	if want := `tag "k8s:update": +k8s:eachVal=+k8s:update=NoModify requires the enclosing list to use listType=map or unique=map (got set)`; err == nil || err.Error() != want {
		t.Errorf("eachVal NoModify on a set: %v", err)
	}
}
