package validation

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/validation/validators"
)

func newEmitter(self string) *emitter {
	return &emitter{writer: &writer{buf: &bytes.Buffer{}, im: gofile.NewImports(self)}, out: self, in: self,
		canonical: map[string]string{"example.com/types": "example.com/registered"}}
}

func builtin(name string) *model.Type {
	return &model.Type{Name: model.Name{Name: name}, Kind: model.Builtin}
}

func TestCohorts(t *testing.T) {
	call := func(cohort string, flags validators.Flags, msg string) validators.Call {
		c := validators.NewCall("t", flags, validators.ValidateFunc("F"), msg)
		c.Cohort = cohort
		return c
	}
	in := []validators.Call{
		call("c2", 0, "c2 regular"),
		call("c1", 0, "c1 regular"),
		call("c1", validators.ShortCircuit, "c1 short"),
		call("", 0, "regular"),
		call("", validators.ShortCircuit, "short"),
	}
	var got []string
	for _, cohort := range cohorts(in) {
		var msgs []string
		for _, c := range cohort {
			msgs = append(msgs, c.Args[0].(string))
		}
		got = append(got, strings.Join(msgs, ","))
	}
	want := "short,regular|c2 regular|c1 short,c1 regular"
	if strings.Join(got, "|") != want {
		t.Errorf("cohorts: got %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestLeafAndPrefixes(t *testing.T) {
	str := builtin("string")
	slice := &model.Type{Name: model.Name{Name: "[]string"}, Kind: model.Slice, Elem: str}
	for _, tc := range []struct {
		t             *model.Type
		leaf          *model.Type
		typePfx, expr string
	}{
		{str, str, "*", "&"},
		{validators.PointerTo(str), str, "*", ""},
		{slice, slice, "", ""},
	} {
		leaf, tp, ep := leafAndPrefixes(tc.t)
		if leaf != tc.leaf || tp != tc.typePfx || ep != tc.expr {
			t.Errorf("%s: got (%s, %q, %q), want (%s, %q, %q)", tc.t.Name, leaf.Name, tp, ep, tc.leaf.Name, tc.typePfx, tc.expr)
		}
	}
}

func TestLiteral(t *testing.T) {
	named := &model.Type{Name: model.Name{Package: "example.com/other", Name: "T"}, Kind: model.Struct}
	for _, tc := range []struct {
		name  string
		value any
		want  string
	}{
		{"int", 42, "42"},
		{"bool", true, "true"},
		{"string", `a "b"`, `"a \"b\""`},
		{"quoted string", `"x"`, `"x"`},
		{"type", validators.PointerTo(named), "*other.T"},
		{"int8 is byte", validators.PointerTo(builtin("int8")), "*byte"},
		{"identifier", validators.Identifier(validators.ValidateFunc("DirectEqual")), "validate.DirectEqual"},
		{"private var", validators.PrivateVar{Package: "local", Name: "SymbolsForE"}, "symbolsForE"},
		{"member", model.Member{Name: "Field"}, "obj.Field"},
		{"literal", validators.Literal("nil"), "nil"},
		{"array", [2]string{"a", "b"}, `[2]string{"a", "b"}`},
		{"function literal", validators.FunctionLiteral{
			Params:  []validators.Param{{Name: "a", Type: named}},
			Results: []validators.Param{{Type: builtin("bool")}},
			Body:    "return true",
		}, "func(a other.T) bool { return true }"},
		{"struct", validators.StructLiteral{Type: model.Name{Package: "example.com/other", Name: "S"},
			Fields: []validators.StructField{{Name: "A", Value: 1}}}, "other.S{A: 1,}"},
		{"nested call", validators.NewCall("t", 0, model.Name{Package: "example.com/types", Name: "Validate_T"}, "x").WithComment("c"),
			`// c\nregistered.Validate_T("x")`},
		{"wrapper without arguments", validators.WrapperFunction{Function: validators.NewCall("t", 0, model.Name{Package: "example.com/types", Name: "Validate_T"})},
			"registered.Validate_T"},
	} {
		e := newEmitter("example.com/self")
		if err := e.literal(tc.value, false); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := e.buf.String(); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	if err := newEmitter("example.com/self").literal(struct{}{}, true); err == nil {
		t.Error("an unsupported value rendered without error")
	}
}

func TestSpelled(t *testing.T) {
	e := newEmitter("example.com/self")
	for in, want := range map[string]string{
		"*string":                  "*string",
		"*int8":                    "*byte",
		"*example.com/other.T":     "*other.T",
		"[]*example.com/self.Item": "[]*Item",
	} {
		if got := e.sym(model.Name{Name: in}); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}

func TestResolveFunc(t *testing.T) {
	e := newEmitter("example.com/out")
	e.in = "example.com/types"
	for in, want := range map[string]string{
		"example.com/types": "example.com/out", // this file's own copy wins
		"example.com/other": "example.com/other",
	} {
		if got := e.resolveFunc(model.Name{Package: in, Name: "F"}).Package; got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
	e.in = "example.com/elsewhere"
	if got := e.resolveFunc(model.Name{Package: "example.com/types", Name: "F"}).Package; got != "example.com/registered" {
		t.Errorf("canonical: got %s", got)
	}
}

func TestEmitOrder(t *testing.T) {
	pkg := &model.Package{Types: []*model.Type{
		{Name: model.Name{Package: "p", Name: "B"}},
		{Name: model.Name{Package: "p", Name: "Zed"}},
		{Name: model.Name{Package: "p", Name: "aNote"}},
	}}
	var got []string
	for _, ty := range emitOrder(pkg) {
		got = append(got, ty.Name.Name)
	}
	if strings.Join(got, ",") != "aNote,B,Zed" {
		t.Errorf("order: %v", got)
	}
}
