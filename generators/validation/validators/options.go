package validators

import (
	"errors"

	"github.com/kubegen/kubegen/generators/codetags"
)

const (
	ifEnabledTagName  = "k8s:ifEnabled"
	ifDisabledTagName = "k8s:ifDisabled"
)

func init() {
	register(
		func() TagValidator { return &ifOptionTag{enabled: true} },
		func() TagValidator { return &ifOptionTag{enabled: false} },
	)
}

// ifOptionTag implements +k8s:ifEnabled(Option) and +k8s:ifDisabled(Option):
// each call of the nested tag becomes a call of validate.IfOption, which
// runs it only when the option is (or is not) enabled.
type ifOptionTag struct {
	enabled   bool
	extractor *Registry
}

func (o *ifOptionTag) Init(cfg Config) { o.extractor = cfg.Extractor }

func (o *ifOptionTag) TagName() string {
	if o.enabled {
		return ifEnabledTagName
	}
	return ifDisabledTagName
}

func (o *ifOptionTag) ValidScopes() []Scope {
	return []Scope{ScopeConst, ScopeListVal, ScopeMapKey, ScopeMapVal, ScopeField, ScopeType}
}

func (o *ifOptionTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	option, ok := tag.Positional()
	if !ok {
		return Validations{}, errors.New("missing required option name positional argument")
	}
	v, err := o.extractor.ExtractValidations(ctx, *tag.ValueTag)
	if err != nil {
		return Validations{}, err
	}
	return MapCalls(v, func(c Call, scope DeferredScope) Call {
		objType := ctx.Type
		if scope == ParentContext {
			objType = ctx.ParentType
		}
		return NewCall(o.TagName(), c.Flags, ValidateFunc("IfOption"),
			option.Value, o.enabled, WrapperFunction{Function: c, ObjType: objType})
	}), nil
}

func (o *ifOptionTag) Docs() TagDoc {
	doc := TagDoc{
		Tag:       o.TagName(),
		Stability: TagStable,
		Args: []TagArgDoc{{
			Description: "<option>",
			Type:        codetags.ArgString,
			Required:    true,
		}},
		Scopes:           o.ValidScopes(),
		PayloadsType:     codetags.ValueTag,
		PayloadsRequired: true,
	}
	if o.enabled {
		doc.Description = "Declares a validation that only applies when an option is enabled."
		doc.Payloads = []TagPayloadDoc{{
			Description: "<validation-tag>",
			Docs:        "This validation tag will be evaluated only if the validation option is enabled.",
		}}
	} else {
		doc.Description = "Declares a validation that only applies when an option is disabled."
		doc.Payloads = []TagPayloadDoc{{
			Description: "<validation-tag>",
			Docs:        "This validation tag will be evaluated only if the validation option is disabled.",
		}}
	}
	return doc
}
