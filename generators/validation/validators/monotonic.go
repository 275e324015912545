package validators

import (
	"fmt"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

const monotonicTagName = "k8s:monotonic"

func init() { register(func() TagValidator { return monotonicTag{} }) }

// monotonicTag implements +k8s:monotonic: an integer may not decrease on
// update.
type monotonicTag struct{}

func (monotonicTag) Init(Config) {}

func (monotonicTag) TagName() string { return monotonicTagName }

func (monotonicTag) ValidScopes() []Scope { return []Scope{ScopeField, ScopeType} }

func (monotonicTag) GetValidations(ctx Context, _ codetags.Tag) (Validations, error) {
	t := NonPointer(NativeType(ctx.Type))
	if !isGengoInteger(t) {
		return Validations{}, fmt.Errorf("must be an integer type (got %s)", typeChain(ctx.Type, t))
	}
	var v Validations
	v.AddCall(NewCall(monotonicTagName, 0, ValidateFunc("Monotonic")))
	return v, nil
}

func (t monotonicTag) Docs() TagDoc {
	return TagDoc{
		Tag:         monotonicTagName,
		Stability:   TagAlpha,
		Scopes:      t.ValidScopes(),
		Description: "ensures that a field's value never decreases on update",
	}
}

// isGengoInteger reports whether t is one of the builtins gengo counts as
// integers (uintptr is not one of them).
func isGengoInteger(t *model.Type) bool {
	if t.Kind != model.Builtin || t.Name.Package != "" {
		return false
	}
	switch t.Name.Name {
	case "int", "int64", "int32", "int16", "int8", "uint", "uint64", "uint32", "uint16", "uint8", "byte":
		return true
	}
	return false
}

// typeChain spells how the type a tag was written on leads to the type it
// checks, for messages: "T" when they are the same, else "T -> U".
func typeChain(from, to *model.Type) string {
	if from == to {
		return gengoTypeString(from)
	}
	return gengoTypeString(from) + " -> " + gengoTypeString(to)
}
