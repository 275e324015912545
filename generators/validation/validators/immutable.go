package validators

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
)

const immutableTagName = "k8s:immutable"

func init() { register(func() TagValidator { return immutableTag{} }) }

// immutableTag implements +k8s:immutable: validate.Immutable rejects any
// change on update.
type immutableTag struct{}

func (immutableTag) Init(Config) {}

func (immutableTag) TagName() string { return immutableTagName }

func (immutableTag) ValidScopes() []Scope {
	return []Scope{ScopeListVal, ScopeMapVal, ScopeField, ScopeType}
}

func (immutableTag) GetValidations(Context, codetags.Tag) (Validations, error) {
	// ShortCircuit: it runs with +k8s:optional, before the other checks.
	var v Validations
	v.AddCall(NewCall(immutableTagName, ShortCircuit, ValidateFunc("Immutable")).
		WithEmits(Emission{Type: field.ErrorTypeInvalid, Origin: "immutable"}))
	return v, nil
}

func (t immutableTag) Docs() TagDoc {
	return TagDoc{
		Tag:         immutableTagName,
		Stability:   TagStable,
		Scopes:      t.ValidScopes(),
		Description: "Indicates that a field may not be updated.",
	}
}
