package validators

import (
	"reflect"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/model"
)

// evalEach evaluates tags at ctx and then their deferred work (of this
// context), as the engine does for a field.
func evalEach(t *testing.T, r *Registry, ctx Context, texts ...string) ([]Call, error) {
	t.Helper()
	var v Validations
	for _, text := range texts {
		one, err := evalTags(t, r, ctx, text)
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
	r := registryOf(t, Config{}, nil, updateTagName, listTypeTagName, listMapKeyTagName, uniqueTagName, betaTagName)
	str, i32 := tBuiltin("string"), tBuiltin("int32")
	item := tStruct("p", "Item", tField("Name", "name", str), tField("Ptr", "ptr", PointerTo(i32)))
	inner := tStruct("p", "Inner", tField("S", "s", tSlice(str)))
	frozen := tNamed("p", "Frozen", model.Defined, tSlice(str))
	parent := tStruct("p", "T",
		tField("Str", "str", str),                               // 0
		tField("Ptr", "ptr", PointerTo(i32)),                    // 1
		tField("Inner", "inner", inner),                         // 2
		tField("Set", "set", tSlice(str)),                       // 3
		tField("Items", "items", tSlice(item)),                  // 4
		tField("Map", "map", tMap(str, str)),                    // 5
		tField("PtrItems", "ptrItems", tSlice(PointerTo(item))), // 6
		tField("Frozen", "frozen", frozen),                      // 7
		tField("Comparable", "comparable", tStruct("p", "C")),   // 8
		tField("Arr", "arr", &model.Type{Name: model.Name{Name: "[2][]string"}, Kind: model.Array, Len: 2, Elem: tSlice(str)}), // 9
		tField("Atomic", "atomic", tSlice(str)), // 10
	)
	id := func(n string) any { return Identifier(ValidateFunc(n)) }
	invalid := Emission{Type: field.ErrorTypeInvalid, Origin: "update"}
	forbidItem := Emission{Type: field.ErrorTypeForbidden, Origin: "update", PathFragment: "[*]"}
	forbidField := Emission{Type: field.ErrorTypeForbidden, Origin: "update"}

	// The list type's tags are kept by its name.
	if _, err := evalTags(t, r, Context{Scope: ScopeType, Type: frozen, Path: field.NewPath(frozen.Name.String())}, "k8s:listType=set"); err != nil {
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
		ctx := fieldCtx(parent, tc.field)
		calls, err := evalEach(t, r, ctx, tc.tags...)
		want := []Call{{Tag: updateTagName, Flags: ShortCircuit, Function: ValidateFunc(tc.fn), Args: tc.args, Emits: tc.emits, Stability: tc.level}}
		if err != nil || !reflect.DeepEqual(calls, want) {
			t.Errorf("%v on %s:\n got %+v, %v\nwant %+v", tc.tags, parent.Members[tc.field].Name, calls, err, want)
		}
	}

	// A list-map pairs items by key.
	for _, i := range []int{4, 6} {
		calls, err := evalEach(t, r, fieldCtx(parent, i), "k8s:listType=map", "k8s:listMapKey=name", "k8s:update=NoAddItem")
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
	items := fieldCtx(parent, 4)
	valCtx := Context{Scope: ScopeListVal, Type: item, ParentPath: items.Path, ParentType: items.Type, Path: items.Path.Key("vals")}
	calls, err := evalEach(t, r, valCtx, "k8s:update=NoModify")
	if err != nil || !reflect.DeepEqual(calls, []Call{{Tag: updateTagName, Flags: ShortCircuit, Function: ValidateFunc("UpdateStruct"),
		Args: []any{id("NoModify")}, Emits: []Emission{invalid}}}) {
		t.Errorf("eachVal NoModify: %+v, %v", calls, err)
	}

	for _, tc := range []struct {
		ctx  Context
		tags []string
		want string
	}{
		{fieldCtx(parent, 0), []string{"k8s:update=Nope"}, "unknown +k8s:update constraint: Nope"},
		{fieldCtx(parent, 0), []string{"k8s:update"}, "unknown +k8s:update constraint: "},
		{fieldCtx(parent, 0), []string{"k8s:update=NoAddItem"}, "+k8s:update=NoAddItem can only be used on list or map fields"},
		{fieldCtx(parent, 5), []string{"k8s:update=NoModify"}, "+k8s:update=NoModify is not supported on list or map fields, use +k8s:eachVal=+k8s:update=NoModify for per-item immutability"},
		{fieldCtx(parent, 2), []string{"k8s:update=NoSet"}, "+k8s:update=NoSet cannot be used on non-pointer struct fields (they cannot be unset)"},
		{fieldCtx(parent, 3), []string{"k8s:update=NoRemoveItem"}, "+k8s:update=NoAddItem/+k8s:update=NoRemoveItem require list metadata (+k8s:listType with listMapKey, or +k8s:unique) to determine item identity"},
		{fieldCtx(parent, 4), []string{"k8s:listType=atomic", "k8s:update=NoRemoveItem"}, "+k8s:update=NoAddItem/+k8s:update=NoRemoveItem require listType=set, listType=map, unique=set, or unique=map to define item identity"},
		{valCtx, []string{"k8s:update=NoSet"}, "+k8s:update=NoSet does not apply to list values, attach it to the enclosing field"},
		{Context{Scope: ScopeMapVal, Type: tSlice(str)}, []string{"k8s:update=NoModify"}, "+k8s:update=NoModify cannot be applied to list/map elements that are themselves lists or maps"},
		{fieldCtx(parent, 2), []string{"k8s:update=1"}, "tag value has wrong type: got int, want string"},
	} {
		r := registryOf(t, Config{}, nil, updateTagName, listTypeTagName, listMapKeyTagName)
		_, err := evalEach(t, r, tc.ctx, tc.tags...)
		// (Errors of deferred work come unwrapped.)
		if err == nil || (err.Error() != tc.want && err.Error() != `tag "k8s:update": `+tc.want) {
			t.Errorf("%v: got %v\nwant %s", tc.tags, err, tc.want)
		}
	}

	// eachVal NoModify needs a list-map.
	r = registryOf(t, Config{}, nil, updateTagName, listTypeTagName)
	if _, err := evalTags(t, r, items, "k8s:listType=set"); err != nil {
		t.Fatal(err)
	}
	_, err = evalTags(t, r, valCtx, "k8s:update=NoModify")
	if want := `tag "k8s:update": +k8s:eachVal=+k8s:update=NoModify requires the enclosing list to use listType=map or unique=map (got set)`; err == nil || err.Error() != want {
		t.Errorf("eachVal NoModify on a set: %v", err)
	}
}
