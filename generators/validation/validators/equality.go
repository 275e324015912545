package validators

import (
	"errors"
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
)

const neqTagName = "k8s:neq"

func init() { register(func() TagValidator { return neqTag{} }) }

// neqTag implements +k8s:neq=<value>: a string, bool or integer may not
// be that one value.
type neqTag struct{}

func (neqTag) Init(Config) {}

func (neqTag) TagName() string { return neqTagName }

func (neqTag) ValidScopes() []Scope {
	return []Scope{ScopeListVal, ScopeMapKey, ScopeMapVal, ScopeField, ScopeType}
}

func (neqTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	t := NonPointer(NativeType(ctx.Type))
	if !IsDirectComparable(t) {
		return Validations{}, fmt.Errorf("can only be used on comparable types (e.g. string, int, bool), but got %s", typeAndNative(ctx.Type, t))
	}
	if tag.ValueType == codetags.ValueNone {
		return Validations{}, errors.New("missing required payload")
	}
	var value any
	switch {
	case isBuiltin(t, "string"):
		if tag.ValueType != codetags.ValueString {
			return Validations{}, fmt.Errorf("type mismatch: field is a string, but payload is of type %s", tag.ValueType)
		}
		value = tag.Value
	case isBuiltin(t, "bool"):
		if tag.ValueType != codetags.ValueBool {
			return Validations{}, fmt.Errorf("type mismatch: field is a bool, but payload is of type %s", tag.ValueType)
		}
		value = tag.Value == "true"
	case isInteger(t):
		if tag.ValueType != codetags.ValueInt {
			return Validations{}, fmt.Errorf("type mismatch: field is an integer, but payload is of type %s", tag.ValueType)
		}
		n, err := parseCanonicalInt(tag.Value)
		if err != nil {
			return Validations{}, fmt.Errorf("invalid integer value for payload: %w", err)
		}
		value = n
	default:
		return Validations{}, fmt.Errorf("unsupported type for 'neq' tag: %s", GengoName(t))
	}
	var v Validations
	v.AddCall(NewCall(neqTagName, 0, ValidateFunc("NEQ"), value).
		WithEmits(Emission{Type: field.ErrorTypeInvalid, Origin: "neq"}))
	return v, nil
}

func (t neqTag) Docs() TagDoc {
	return TagDoc{
		Tag:              neqTagName,
		Stability:        TagAlpha,
		Scopes:           t.ValidScopes(),
		Description:      "Verifies the field's value is not equal to a specific disallowed value. Supports string, integer, and boolean types.",
		PayloadsRequired: true,
		PayloadsType:     codetags.ValueRaw,
		Payloads: []TagPayloadDoc{{
			Description: "<value>",
			Docs:        "The disallowed value. The parser will infer the type (string, int, bool).",
		}},
	}
}
