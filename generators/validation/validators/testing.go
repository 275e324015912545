package validators

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// The fixed-result tags, for validation-gen's own tests: each generated
// call passes or fails whatever the value (validate.FixedResult), and
// +k8s:validateError makes the generator itself fail.
const (
	validateTrueTagName      = "k8s:validateTrue"
	validateFalseTagName     = "k8s:validateFalse"
	validateErrorTagName     = "k8s:validateError"
	validateTrueAlphaTagName = "k8s:validateTrueAlpha"
	validateTrueBetaTagName  = "k8s:validateTrueBeta"
)

func init() {
	register(
		func() TagValidator { return fixedResultTag{name: validateTrueTagName, pass: true} },
		func() TagValidator { return fixedResultTag{name: validateFalseTagName} },
		func() TagValidator { return fixedResultTag{name: validateErrorTagName, fail: true} },
		func() TagValidator {
			return fixedResultTag{name: validateTrueAlphaTagName, pass: true, stability: TagAlpha}
		},
		func() TagValidator {
			return fixedResultTag{name: validateTrueBetaTagName, pass: true, stability: TagBeta}
		},
	)
}

// fixedResultTag is one of the fixed-result tags.
type fixedResultTag struct {
	name      string
	pass      bool         // the result the generated call reports
	fail      bool         // +k8s:validateError: GetValidations fails
	stability TagStability // "" for Alpha, the default of test tags
}

var fixedResultScopes = []Scope{ScopeListVal, ScopeMapKey, ScopeMapVal, ScopeField, ScopeType}

func (fixedResultTag) Init(Config)          {}
func (f fixedResultTag) TagName() string    { return f.name }
func (fixedResultTag) ValidScopes() []Scope { return fixedResultScopes }

func (f fixedResultTag) GetValidations(_ Context, tag codetags.Tag) (Validations, error) {
	if f.fail {
		return Validations{}, fmt.Errorf("forced error: %q", tag.Value)
	}
	var flags Flags
	var typeArgs []model.Name
	cohort := ""
	for _, a := range tag.Args {
		switch a.Name {
		case "flags":
			for _, fl := range strings.Split(a.Value, ",") {
				switch fl = strings.TrimSpace(fl); fl {
				case "ShortCircuit":
					flags |= ShortCircuit
				case "NonError":
					flags |= NonError
				default:
					return Validations{}, fmt.Errorf("can't decode tag payload: unknown flag: %q", fl)
				}
			}
		case "typeArg":
			if tn := a.Value; tn != "" {
				if !strings.HasPrefix(tn, "*") {
					tn = "*" + tn // the call always takes the pointer
				}
				typeArgs = []model.Name{{Name: tn}}
			}
		case "cohort":
			cohort = a.Value
		}
	}
	msg := ""
	if tag.ValueType == codetags.ValueString {
		msg = tag.Value
	}
	call := NewCall(f.name, flags, ValidateFunc("FixedResult"), f.pass, msg).WithTypeArgs(typeArgs...)
	if !f.pass {
		call = call.WithEmits(Emission{Type: field.ErrorTypeInvalid, Origin: "validateFalse"})
	}
	call.Cohort = cohort
	var v Validations
	v.AddCall(call)
	return v, nil
}

func (f fixedResultTag) Docs() TagDoc {
	doc := TagDoc{
		Tag:          f.name,
		Stability:    TagAlpha,
		Scopes:       sortedScopes(fixedResultScopes...),
		PayloadsType: codetags.ValueString,
	}
	if f.stability != "" {
		doc.Stability = f.stability
	}
	if f.fail {
		doc.Description = "Always fails code generation (useful for testing)."
		doc.Payloads = []TagPayloadDoc{{Description: "<string>", Docs: "This string will be included in the error message."}}
		return doc
	}
	doc.Payloads = []TagPayloadDoc{
		{Description: "<none>"},
		{Description: "<string>", Docs: "The generated code will include this string."},
	}
	doc.Args = []TagArgDoc{
		{Name: "flags", Description: "<comma-separated-list-of-flag-string>", Docs: "values: ShortCircuit, NonError", Type: codetags.ArgString},
		{Name: "typeArg", Description: "<string>", Docs: "The type arg in generated code (must be the value-type, not pointer).", Type: codetags.ArgString},
		{Name: "cohort", Description: "<string>", Docs: "An optional cohort name to group multiple validations.", Type: codetags.ArgString},
	}
	doc.Description = "Always fails validation (useful for testing)."
	if f.pass {
		doc.Description = "Always passes validation (useful for testing)."
	}
	return doc
}
