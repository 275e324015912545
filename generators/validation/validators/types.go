package validators

import (
	"errors"
	"go/token"
	"reflect"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// The package the generated code's validation functions come from.
const validatePkg = "k8s.io/apimachinery/pkg/api/validate"

// ValidateFunc names a function of k8s.io/apimachinery/pkg/api/validate.
func ValidateFunc(name string) model.Name { return model.Name{Package: validatePkg, Name: name} }

// NativeType strips defined types (and the defined types under pointers)
// down to Go's own types: for type X []int, X is []int and *X is *[]int.
// Pointers it has to rebuild are new, uninterned types.
func NativeType(t *model.Type) *model.Type {
	ptrs := 0
	for {
		switch t.Kind {
		case model.Defined:
			t = t.Underlying
			continue
		case model.Pointer:
			ptrs++
			t = t.Elem
			continue
		}
		break
	}
	for range ptrs {
		t = PointerTo(t)
	}
	return t
}

// PointerTo returns a (new, uninterned) pointer type to t.
func PointerTo(t *model.Type) *model.Type {
	return &model.Type{Name: model.Name{Name: "*" + t.Name.String()}, Kind: model.Pointer, Elem: t}
}

// NonPointer strips pointers.
func NonPointer(t *model.Type) *model.Type {
	for t.Kind == model.Pointer {
		t = t.Elem
	}
	return t
}

// IsNilable reports whether values of t can be nil (arrays cannot).
func IsNilable(t *model.Type) bool {
	switch NativeType(t).Kind {
	case model.Pointer, model.Map, model.Slice, model.Interface:
		return true
	}
	return false
}

// IsDirectComparable reports whether == compares values of t deeply:
// builtins, and structs and arrays of them; never pointers.
func IsDirectComparable(t *model.Type) bool {
	switch t.Kind {
	case model.Builtin:
		return true
	case model.Struct:
		for _, m := range t.Members {
			if !IsDirectComparable(m.Type) {
				return false
			}
		}
		return true
	case model.Array:
		return IsDirectComparable(t.Elem)
	case model.Defined:
		return IsDirectComparable(t.Underlying)
	}
	return false
}

// JSONName is the name a field is serialized under, as the gengo that
// validation-gen v0.37.2 pins reads the json struct tag: "" for json:"-"
// and for embedded fields without a name, else the tag's name or, when it
// gives none, the Go name (",inline" on a named field does not inline it).
func JSONName(m *model.Member) string {
	tag := reflect.StructTag(m.Tag).Get("json")
	if tag == "-" {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	switch {
	case name != "":
		return name
	case m.Embedded:
		return ""
	}
	return m.Name
}

// MemberByJSON returns t's field serialized as name, or nil.
func MemberByJSON(t *model.Type, name string) *model.Member {
	for i := range t.Members {
		if JSONName(&t.Members[i]) == name {
			return &t.Members[i]
		}
	}
	return nil
}

// TagError is an error about one tag, with the tag's position.
type TagError struct {
	Pos token.Position
	Err error
}

func (e *TagError) Error() string { return e.Err.Error() }
func (e *TagError) Unwrap() error { return e.Err }

// TagPos returns the position of the tag an error is about, if it is one.
func TagPos(err error) (token.Position, bool) {
	var te *TagError
	if errors.As(err, &te) {
		return te.Pos, true
	}
	return token.Position{}, false
}
