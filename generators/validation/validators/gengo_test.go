package validators

import (
	"testing"

	"github.com/kubegen/kubegen/generators/model"
)

func TestGengoName(t *testing.T) {
	i8 := tBuiltin("int8")
	if got := typeAndNative(PointerTo(i8), i8); got != "*byte -> byte" {
		t.Errorf("rebuilt pointer: got %q", got)
	}
	if got := typeAndNative(tLoadedPtr(i8), i8); got != "*int8 -> byte" {
		t.Errorf("loaded pointer: got %q", got)
	}
	if got := GengoName(tSlice(tBuiltin("uint8"))); got != "[]uint8" {
		t.Errorf("slice: got %q", got)
	}
	for k, want := range map[model.Kind]string{model.Defined: "Alias", model.TypeParam: "TypeParam", model.Invalid: "Unsupported"} {
		if got := GengoKind(&model.Type{Kind: k}); got != want {
			t.Errorf("kind %v: got %q, want %q", k, got, want)
		}
	}
}

func TestJSONName(t *testing.T) {
	for _, tc := range []struct {
		m    model.Member
		want string
	}{
		{model.Member{Name: "F", Tag: `json:"f,omitempty"`}, "f"},
		{model.Member{Name: "F"}, "F"},
		{model.Member{Name: "F", Tag: `json:"-"`}, ""},
		{model.Member{Name: "E", Embedded: true}, ""},
		{model.Member{Name: "E", Embedded: true, Tag: `json:"e"`}, "e"},
		{model.Member{Name: "F", Tag: `json:",inline"`}, "F"}, // as gengo reads it
	} {
		if got := JSONName(&tc.m); got != tc.want {
			t.Errorf("%s %q: got %q, want %q", tc.m.Name, tc.m.Tag, got, tc.want)
		}
	}
}
