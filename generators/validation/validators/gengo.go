package validators

import (
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
)

// Messages (and a few generated names) spell types as the gengo that
// validation-gen v0.37.2 pins does, whose universe has one builtin for
// int8, uint8 and byte, called byte.

// GengoName spells t as gengo's Type.String does: a loaded type keeps
// its Go spelling ("*int8", "[]uint8"), a builtin is names.Builtin, and a
// pointer built by PointerTo (as NativeType builds them) spells its
// element so ("*byte").
func GengoName(t *model.Type) string {
	switch {
	case t.Kind == model.Builtin && t.Name.Package == "":
		return names.Builtin(t.Name.Name)
	case t.Kind == model.Pointer && t.Go == nil && t.Elem != nil && t.Name.Name == "*"+t.Elem.Name.String():
		return "*" + GengoName(t.Elem)
	}
	return t.Name.String()
}

// GengoKind spells t's kind as gengo does.
func GengoKind(t *model.Type) string {
	switch t.Kind {
	case model.Builtin:
		return "Builtin"
	case model.Struct:
		return "Struct"
	case model.Map:
		return "Map"
	case model.Slice:
		return "Slice"
	case model.Array:
		return "Array"
	case model.Pointer:
		return "Pointer"
	case model.Interface:
		return "Interface"
	case model.Defined:
		return "Alias"
	case model.Chan:
		return "Chan"
	case model.Func:
		return "Func"
	case model.TypeParam:
		return "TypeParam"
	}
	return "Unsupported" // what gengo makes of a type that did not type-check, too
}

// typeAndNative spells the type a tag was written on and the type it
// comes down to, for messages: "T", or "T -> U" when they differ.
func typeAndNative(written, native *model.Type) string {
	if written == native {
		return GengoName(written)
	}
	return GengoName(written) + " -> " + GengoName(native)
}

// isBuiltin reports whether t is the builtin type gengo calls name.
func isBuiltin(t *model.Type, name string) bool {
	return t.Kind == model.Builtin && t.Name.Package == "" && names.Builtin(t.Name.Name) == name
}

// isInteger reports whether t is an integer type to gengo: rune and
// uintptr are not.
func isInteger(t *model.Type) bool {
	_, ok := integerKindOf(t)
	return ok
}
