package validators

import (
	"fmt"

	"github.com/kubegen/kubegen/generators/codetags"
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
	if !isInteger(t) {
		return Validations{}, fmt.Errorf("must be an integer type (got %s)", typeAndNative(ctx.Type, t))
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
