package validators

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/model"
)

// Small in-memory types for the tests of limits, format and enum.

func TestLimitCalls(t *testing.T) {
	str, i64 := tBuiltin("string"), tBuiltin("int64")
	for _, tc := range []struct {
		tag   string
		typ   *model.Type
		fn    string
		arg   any
		flags Flags
		emit  Emission
	}{
		{"k8s:maxItems=10", tSlice(str), "MaxItems", 10, ShortCircuit, Emission{Type: field.ErrorTypeTooMany, Origin: "maxItems"}},
		{"k8s:minItems=0", tNamed("p", "L", model.Defined, tSlice(str)), "MinItems", 0, 0, Emission{Type: field.ErrorTypeTooFew, Origin: "minItems"}},
		{"k8s:maxProperties=100000", tMap(tNamed("p", "K", model.Defined, str), i64), "MaxProperties", 100000, ShortCircuit, Emission{Type: field.ErrorTypeTooMany, Origin: "maxProperties"}},
		{"k8s:minProperties=3", tMap(str, str), "MinProperties", 3, 0, Emission{Type: field.ErrorTypeTooFew, Origin: "minProperties"}},
		{"k8s:maxLength=0", PointerTo(str), "MaxLength", 0, 0, Emission{Type: field.ErrorTypeTooLong, Origin: "maxLength"}},
		{"k8s:maxBytes=10", tNamed("p", "S", model.Defined, str), "MaxBytes", 10, 0, Emission{Type: field.ErrorTypeTooLong, Origin: "maxBytes"}},
		{"k8s:minLength=2", str, "MinLength", 2, 0, Emission{Type: field.ErrorTypeTooShort, Origin: "minLength"}},
		{"k8s:minimum=-10", tBuiltin("int"), "Minimum", int64(-10), 0, Emission{Type: field.ErrorTypeInvalid, Origin: "minimum"}},
		{"k8s:maximum=1", PointerTo(tBuiltin("uint")), "Maximum", uint64(1), 0, Emission{Type: field.ErrorTypeInvalid, Origin: "maximum"}},
		{"k8s:maximum=255", tBuiltin("int8"), "Maximum", uint64(255), 0, Emission{Type: field.ErrorTypeInvalid, Origin: "maximum"}},
		{"k8s:minimum=-32768", tNamed("p", "I", model.Defined, tBuiltin("int16")), "Minimum", int64(-32768), 0, Emission{Type: field.ErrorTypeInvalid, Origin: "minimum"}},
		{"k8s:minimum=4294967295", tBuiltin("uint32"), "Minimum", uint64(4294967295), 0, Emission{Type: field.ErrorTypeInvalid, Origin: "minimum"}},
	} {
		v, err := runTag(t, Context{Scope: ScopeField, Type: tc.typ}, tc.tag)
		if err != nil {
			t.Errorf("%s on %s: %v", tc.tag, tc.typ.Name, err)
			continue
		}
		name := strings.SplitN(tc.tag, "=", 2)[0]
		want := []Call{{
			Tag: name, Flags: tc.flags, Function: ValidateFunc(tc.fn), Args: []any{tc.arg},
			Emits: []Emission{tc.emit},
		}}
		if !reflect.DeepEqual(v.Calls, want) {
			t.Errorf("%s on %s:\n got %#v\nwant %#v", tc.tag, tc.typ.Name, v.Calls, want)
		}
		if len(v.Variables) != 0 || len(v.Comments) != 0 {
			t.Errorf("%s: unexpected variables or comments: %+v", tc.tag, v)
		}
	}
}

func TestMinLengthNotPositive(t *testing.T) {
	for _, tag := range []string{"k8s:minLength=0", "k8s:minLength=-3"} {
		v, err := runTag(t, Context{Scope: ScopeField, Type: tBuiltin("string")}, tag)
		if err != nil || v.HasEmitable() {
			t.Errorf("%s: got %+v, %v; want nothing", tag, v, err)
		}
	}
}

func TestLimitErrors(t *testing.T) {
	str := tBuiltin("string")
	ptrSlice := PointerTo(tSlice(tBuiltin("int")))
	for _, tc := range []struct {
		tag  string
		typ  *model.Type
		want string
	}{
		{"k8s:maxItems=1", str, "can only be used on list types (string)"},
		{"k8s:minItems=1", tNamed("p", "S", model.Defined, str), "can only be used on list types (p.S -> string)"},
		{"k8s:minItems=1", ptrSlice, "can only be used on list types (*[]int -> *[]int)"},
		{"k8s:maxItems=-1", tSlice(str), "must be greater than or equal to zero"},
		{"k8s:maxItems=+5", tSlice(str), `failed to parse tag payload as int: "+5" is not a valid int value`},
		{"k8s:maxItems=0x10", tSlice(str), `failed to parse tag payload as int: parsing "0x10" as int: strconv.Atoi: parsing "0x10": invalid syntax`},
		{"k8s:maxItems=010", tSlice(str), `failed to parse tag payload as int: "010" is not a valid int value`},
		{"k8s:maxProperties=1", tSlice(str), "can only be used on map types ([]string)"},
		{"k8s:maxProperties=1", tMap(tBuiltin("int"), str), "can only be used on map types with string-based keys (map[int]string)"},
		{"k8s:minProperties=100001", tMap(str, str), "must be less than or equal to 100000"},
		{"k8s:minProperties=-1", tMap(str, str), "must be greater than or equal to zero"},
		{"k8s:maxLength=-1", str, "must be greater than or equal to zero"},
		{"k8s:maxLength=1", tBuiltin("int"), "can only be used on string types (int)"},
		{"k8s:maxBytes=1", tLoadedPtr(tBuiltin("int")), "can only be used on string types (*int -> int)"},
		{"k8s:minLength=1", tSlice(str), "can only be used on string types ([]string)"},
		{"k8s:minimum=1", str, "can only be used on integer types (string)"},
		{"k8s:minimum=1", tBuiltin("float64"), "can only be used on integer types (float64)"},
		{"k8s:minimum=1", tBuiltin("rune"), "can only be used on integer types (rune)"},
		{"k8s:minimum=1", tBuiltin("uintptr"), "can only be used on integer types (uintptr)"},
		{"k8s:minimum=40000", tBuiltin("int16"), "failed to parse tag payload: value 40000 does not fit in int16 (range [-32768, 32767])"},
		{"k8s:maximum=-2147483649", tBuiltin("int32"), "failed to parse tag payload: value -2147483649 does not fit in int32 (range [-2147483648, 2147483647])"},
		{"k8s:maximum=65536", tBuiltin("uint16"), "failed to parse tag payload: value 65536 does not fit in uint16 (range [0, 65535])"},
		{"k8s:maximum=256", tBuiltin("uint8"), "failed to parse tag payload: value 256 does not fit in uint8 (range [0, 255])"},
		{"k8s:minimum=-1", tBuiltin("uint"), `failed to parse tag payload: parsing "-1" as uint: strconv.ParseUint: parsing "-1": invalid syntax`},
		// int8 is the unsigned "byte" upstream.
		{"k8s:minimum=-1", tBuiltin("int8"), `failed to parse tag payload: parsing "-1" as uint: strconv.ParseUint: parsing "-1": invalid syntax`},
		{"k8s:minimum=1", tBuiltin("bool"), "can only be used on integer types (bool)"},
		{"k8s:minimum=-0", tBuiltin("int"), `failed to parse tag payload: "-0" is not a valid int value`},
		{"k8s:minimum=+1", tBuiltin("uint64"), `failed to parse tag payload: parsing "+1" as uint: strconv.ParseUint: parsing "+1": invalid syntax`},
		{"k8s:minimum=+1", tBuiltin("int64"), `failed to parse tag payload: "+1" is not a valid int value`},
		{"k8s:maximum=007", tBuiltin("uint64"), `failed to parse tag payload: "007" is not a valid uint value`},
	} {
		_, err := runTag(t, Context{Scope: ScopeField, Type: tc.typ}, tc.tag)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s on %s: got error %v, want %q", tc.tag, tc.typ.Name, err, tc.want)
		}
	}
}

func TestLimitDocsAndRegistry(t *testing.T) {
	r, err := NewRegistry(Config{}, All()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"k8s:minItems", "k8s:maxItems", "k8s:minimum", "k8s:maximum", "k8s:minLength",
		"k8s:maxLength", "k8s:maxBytes", "k8s:maxProperties", "k8s:minProperties", "k8s:format", "k8s:enum", "k8s:enumExclude"} {
		if !r.Known(name) {
			t.Errorf("%s not registered", name)
		}
	}
	ctx := Context{Scope: ScopeField, Type: tSlice(tBuiltin("string"))}
	_, err = r.ExtractValidations(ctx, mustTag(t, `k8s:maxItems="10"`))
	if err == nil || err.Error() != `tag "k8s:maxItems": tag value has wrong type: got string, want int` {
		t.Errorf("string payload: got %v", err)
	}
	_, err = r.ExtractValidations(ctx, mustTag(t, `k8s:maxItems`))
	if err == nil || err.Error() != `tag "k8s:maxItems": missing required tag value of type int` {
		t.Errorf("no payload: got %v", err)
	}
	if pos, ok := TagPos(err); !ok || pos.Line != 7 {
		t.Errorf("error not positioned at the tag: %v %v", pos, ok)
	}
	_, err = r.ExtractValidations(Context{Scope: ScopeListVal, Type: tMap(tBuiltin("string"), tBuiltin("string"))}, mustTag(t, `k8s:maxProperties=1`))
	if err == nil || err.Error() != `tag "k8s:maxProperties" cannot be specified on list values` {
		t.Errorf("scope: got %v", err)
	}
	_, err = r.ExtractValidations(Context{Scope: ScopeMapKey, Type: tSlice(tBuiltin("string"))}, mustTag(t, `k8s:minItems=1`))
	if err == nil || !strings.Contains(err.Error(), "cannot be specified on map keys") {
		t.Errorf("scope: got %v", err)
	}
	want := []Scope{ScopeListVal, ScopeMapKey, ScopeMapVal, ScopeField, ScopeType}
	if got := validatorFor(t, "k8s:minimum").Docs().Scopes; !reflect.DeepEqual(got, want) {
		t.Errorf("minimum scopes: got %v", got)
	}
}
