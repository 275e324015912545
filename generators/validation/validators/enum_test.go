package validators

import (
	"reflect"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

const enumPkg = "example.com/api"

func enumConst(t *testing.T, typ *model.Type, name, value string, doc []string, tags ...string) *Constant {
	c := &Constant{Const: &model.Const{Name: name, Type: typ, Value: value}}
	for _, l := range doc {
		c.Const.Doc.Lines = append(c.Const.Doc.Lines, model.Line{Text: l})
	}
	for _, s := range tags {
		c.Tags = append(c.Tags, mustTag(t, s))
	}
	return c
}

func enumRun(t *testing.T, cfg Config, typ *model.Type, consts ...*Constant) (Validations, error) {
	t.Helper()
	tv := &enumTag{}
	tv.Init(cfg)
	return tv.GetValidations(Context{Scope: ScopeType, Type: typ, Constants: consts}, codetags.Tag{Name: "k8s:enum"})
}

func enumCall(symbols string, exclusions any) Call {
	return Call{Tag: "k8s:enum", Function: ValidateFunc("Enum"),
		Args:  []any{PrivateVar{Package: "local", Name: symbols}, exclusions},
		Emits: []Emission{{Type: field.ErrorTypeNotSupported}}}
}

func TestEnumEmpty(t *testing.T) {
	e0 := tNamed(enumPkg, "Enum0", model.Defined, tBuiltin("string"))
	v, err := enumRun(t, Config{}, e0)
	if err != nil {
		t.Fatal(err)
	}
	wantVars := []Variable{{
		Name: PrivateVar{Package: "local", Name: "SymbolsForEnum0"},
		Init: Call{Tag: "setsNew", Function: setsNewFunc, TypeArgs: []model.Name{e0.Name}},
	}}
	if !reflect.DeepEqual(v.Variables, wantVars) {
		t.Errorf("variables:\n got %#v\nwant %#v", v.Variables, wantVars)
	}
	if want := []Call{enumCall("SymbolsForEnum0", Literal("nil"))}; !reflect.DeepEqual(v.Calls, want) {
		t.Errorf("calls:\n got %#v\nwant %#v", v.Calls, want)
	}
}

func TestEnumValuesAndExclusions(t *testing.T) {
	ce := tNamed(enumPkg, "ConditionalEnum", model.Defined, tBuiltin("string"))
	id := func(n string) Identifier { return Identifier{Package: enumPkg, Name: n} }
	consts := []*Constant{
		enumConst(t, ce, "CondF", "F", nil, "k8s:ifEnabled(FeatureD)=+k8s:enumExclude", "k8s:ifDisabled(FeatureC)=+k8s:enumExclude"),
		enumConst(t, ce, "CondA", "A", nil, "k8s:ifEnabled(FeatureA)=+k8s:enumExclude"),
		enumConst(t, ce, "CondGone", "G", nil, "k8s:enumExclude"),
		enumConst(t, ce, "CondC", "C", []string{"Always there."}),
		enumConst(t, ce, "CondB", "B", nil, "k8s:ifDisabled(FeatureB)=+k8s:enumExclude"),
	}
	v, err := enumRun(t, Config{}, ce, consts...)
	if err != nil {
		t.Fatal(err)
	}
	rule := func(c string, opt string, when bool) any {
		return StructLiteral{Type: enumExclusionType, TypeArgs: []*model.Type{ce}, Fields: []StructField{
			{Name: "Value", Value: id(c)}, {Name: "Option", Value: opt}, {Name: "ExcludeWhen", Value: when}}}
	}
	wantVars := []Variable{{
		Name: PrivateVar{Package: "local", Name: "SymbolsForConditionalEnum"},
		Init: Call{Tag: "setsNew", Function: setsNewFunc, Args: []any{id("CondA"), id("CondB"), id("CondC"), id("CondF")}},
	}, {
		Name: PrivateVar{Package: "local", Name: "ExclusionsForConditionalEnum"},
		Init: SliceLiteral{ElementType: enumExclusionType, ElementTypeArgs: []*model.Type{ce}, Elements: []any{
			rule("CondA", "FeatureA", true),
			rule("CondB", "FeatureB", false),
			rule("CondF", "FeatureC", false),
			rule("CondF", "FeatureD", true),
		}},
	}}
	if !reflect.DeepEqual(v.Variables, wantVars) {
		t.Errorf("variables:\n got %#v\nwant %#v", v.Variables, wantVars)
	}
	want := []Call{enumCall("SymbolsForConditionalEnum", PrivateVar{Package: "local", Name: "ExclusionsForConditionalEnum"})}
	if !reflect.DeepEqual(v.Calls, want) {
		t.Errorf("calls:\n got %#v\nwant %#v", v.Calls, want)
	}
}

func TestEnumDuplicateValuesAndPackages(t *testing.T) {
	e := tNamed(enumPkg, "E", model.Defined, tBuiltin("string"))
	// A re-export in another package, with the longer comment: it wins.
	reexport := enumConst(t, e, "Z", "v", []string{"The value v, re-exported."})
	u := model.NewUniverse()
	u.AddPackage(&model.Package{Path: "example.com/other", Input: true, Consts: []*model.Const{reexport.Const}})
	for _, order := range [][]*Constant{
		{enumConst(t, e, "V", "v", []string{"v."}), reexport},
		{reexport, enumConst(t, e, "V", "v", []string{"v."})},
	} {
		v, err := enumRun(t, Config{Universe: u}, e, order...)
		if err != nil {
			t.Fatal(err)
		}
		got := v.Variables[0].Init.(Call).Args
		if want := []any{Identifier{Package: "example.com/other", Name: "Z"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %#v, want %#v", got, want)
		}
	}
	// Equal comments: the smaller name, whatever the order.
	for _, order := range [][]*Constant{
		{enumConst(t, e, "B", "v", nil), enumConst(t, e, "A", "v", nil)},
		{enumConst(t, e, "A", "v", nil), enumConst(t, e, "B", "v", nil)},
	} {
		v, _ := enumRun(t, Config{}, e, order...)
		got := v.Variables[0].Init.(Call).Args
		if want := []any{Identifier{Package: enumPkg, Name: "A"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %#v, want %#v", got, want)
		}
	}
}

func TestEnumErrorsAndDocs(t *testing.T) {
	for _, tc := range []struct {
		typ  *model.Type
		want string
	}{
		{tNamed(enumPkg, "N", model.Defined, tBuiltin("int")), "can only be used on string types (example.com/api.N -> int)"},
		{tBuiltin("bool"), "can only be used on string types (bool)"},
	} {
		if _, err := enumRun(t, Config{}, tc.typ); err == nil || err.Error() != tc.want {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	r, err := NewRegistry(Config{}, All()...)
	if err != nil {
		t.Fatal(err)
	}
	s := tNamed(enumPkg, "S", model.Defined, tBuiltin("string"))
	if _, err := r.ExtractValidations(Context{Scope: ScopeField, Type: s}, mustTag(t, "k8s:enum")); err == nil {
		t.Error("k8s:enum accepted on a field")
	}
	if _, err := r.ExtractValidations(Context{Scope: ScopeType, Type: s}, mustTag(t, "k8s:enumExclude")); err == nil {
		t.Error("k8s:enumExclude accepted on a type")
	}
	v, err := r.ExtractValidations(Context{Scope: ScopeConst, Type: s}, mustTag(t, "k8s:enumExclude"))
	if err != nil || v.HasEmitable() {
		t.Errorf("enumExclude on a constant: %+v, %v", v, err)
	}
	if st, _ := r.Stability("k8s:enumExclude"); st != TagAlpha {
		t.Errorf("enumExclude stability %q", st)
	}
	if st, _ := r.Stability("k8s:enum"); st != TagStable {
		t.Errorf("enum stability %q", st)
	}
}
