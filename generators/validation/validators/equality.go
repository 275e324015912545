package validators

import (
	"errors"
	"fmt"
	"strconv"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
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
		return Validations{}, fmt.Errorf("can only be used on comparable types (e.g. string, int, bool), but got %s", typeChain(ctx.Type, t))
	}
	if tag.ValueType == codetags.ValueNone {
		return Validations{}, errors.New("missing required payload")
	}
	var value any
	builtin := t.Kind == model.Builtin && t.Name.Package == ""
	switch {
	case builtin && t.Name.Name == "string":
		if tag.ValueType != codetags.ValueString {
			return Validations{}, fmt.Errorf("type mismatch: field is a string, but payload is of type %s", tag.ValueType)
		}
		value = tag.Value
	case builtin && t.Name.Name == "bool":
		if tag.ValueType != codetags.ValueBool {
			return Validations{}, fmt.Errorf("type mismatch: field is a bool, but payload is of type %s", tag.ValueType)
		}
		value = tag.Value == "true"
	case isGengoInteger(t):
		if tag.ValueType != codetags.ValueInt {
			return Validations{}, fmt.Errorf("type mismatch: field is an integer, but payload is of type %s", tag.ValueType)
		}
		n, err := canonicalInt(tag.Value)
		if err != nil {
			return Validations{}, fmt.Errorf("invalid integer value for payload: %w", err)
		}
		value = n
	default:
		return Validations{}, fmt.Errorf("unsupported type for 'neq' tag: %s", gengoTypeString(t))
	}
	var v Validations
	v.AddCall(NewCall(neqTagName, 0, ValidateFunc("NEQ"), value).
		WithEmits(Emission{Type: field.ErrorTypeInvalid, Origin: "neq"}))
	return v, nil
}

// canonicalInt parses a decimal int written the way Go prints it (no
// leading zeros, no "+", no hex), as upstream insists.
func canonicalInt(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("parsing %q as int: %w", s, err)
	}
	if strconv.Itoa(n) != s {
		return 0, fmt.Errorf("%q is not a valid int value", s)
	}
	return n, nil
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
