package validators

import (
	"reflect"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/model"
)

func TestFormatCalls(t *testing.T) {
	str := tBuiltin("string")
	for format, fn := range map[string]string{
		"k8s-extended-resource-name":        "ExtendedResourceName",
		"k8s-label-key":                     "LabelKey",
		"k8s-label-value":                   "LabelValue",
		"k8s-long-name":                     "LongName",
		"k8s-long-name-caseless":            "LongNameCaseless",
		"k8s-path-segment-name":             "PathSegmentName",
		"k8s-prefixed-label-key":            "PrefixedLabelKey",
		"k8s-resource-fully-qualified-name": "ResourceFullyQualifiedName",
		"k8s-resource-pool-name":            "ResourcePoolName",
		"k8s-short-name":                    "ShortName",
		"k8s-uuid":                          "UUID",
	} {
		for _, typ := range []*model.Type{str, PointerTo(tNamed("p", "S", model.Defined, str))} {
			v, err := runTag(t, Context{Scope: ScopeField, Type: typ}, `k8s:format="`+format+`"`)
			if err != nil {
				t.Errorf("%s: %v", format, err)
				continue
			}
			want := []Call{{Tag: "k8s:format", Function: ValidateFunc(fn),
				Emits: []Emission{{Type: field.ErrorTypeInvalid, Origin: "format=" + format}}}}
			if !reflect.DeepEqual(v.Calls, want) {
				t.Errorf("%s on %s:\n got %#v\nwant %#v", format, typ.Name, v.Calls, want)
			}
		}
	}
}

func TestFormatErrors(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		typ  *model.Type
		want string
	}{
		{"k8s:format=k8s-ip", tBuiltin("string"), `unsupported validation format "k8s-ip"`},
		{"k8s:format=bogus", tBuiltin("string"), `unsupported validation format "bogus"`},
		{"k8s:format=k8s-uuid", tBuiltin("int"), "can only be used on string types (int)"},
		{"k8s:format=k8s-uuid", tSlice(tBuiltin("string")), "can only be used on string types ([]string)"},
	} {
		_, err := runTag(t, Context{Scope: ScopeField, Type: tc.typ}, tc.tag)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %q", tc.tag, err, tc.want)
		}
	}
	d := validatorFor(t, "k8s:format").Docs()
	if d.PayloadsType != "string" || !d.PayloadsRequired || len(d.Payloads) != 12 || d.Stability != TagStable {
		t.Errorf("docs: %+v", d)
	}
}
