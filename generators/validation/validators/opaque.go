package validators

import (
	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

const opaqueTypeTagName = "k8s:opaqueType"

func init() { register(func() TagValidator { return &opaqueTypeTag{} }) }

// opaqueTypeTag implements +k8s:opaqueType: the generated code does not
// descend into the value. It remembers the types and fields it was
// written on, for isFieldOpaque.
type opaqueTypeTag struct {
	types   map[*model.Type]bool
	members map[*model.Member]bool
}

func (o *opaqueTypeTag) Init(Config) {
	o.types = map[*model.Type]bool{}
	o.members = map[*model.Member]bool{}
}

func (o *opaqueTypeTag) TagName() string { return opaqueTypeTagName }

func (o *opaqueTypeTag) ValidScopes() []Scope {
	return []Scope{ScopeListVal, ScopeMapKey, ScopeMapVal, ScopeField, ScopeType}
}

func (o *opaqueTypeTag) GetValidations(ctx Context, _ codetags.Tag) (Validations, error) {
	switch {
	case ctx.Scope == ScopeType:
		o.types[NonPointer(NativeType(ctx.Type))] = true
	case ctx.Scope == ScopeField && ctx.Member != nil:
		o.members[ctx.Member] = true
	}
	return Validations{OpaqueType: true}, nil
}

// isFieldOpaque reports whether the field of ctx, or its type, was tagged
// +k8s:opaqueType in the run of r. Every tag must have been evaluated
// first, so call it from deferred work.
func isFieldOpaque(r *Registry, ctx Context) bool {
	o, ok := validatorOf[*opaqueTypeTag](r, opaqueTypeTagName)
	if !ok {
		return false
	}
	if ctx.Member != nil && o.members[ctx.Member] {
		return true
	}
	return ctx.Type != nil && o.types[NonPointer(NativeType(ctx.Type))]
}

func (o *opaqueTypeTag) Docs() TagDoc {
	return TagDoc{
		Tag:       opaqueTypeTagName,
		Stability: TagStable,
		Scopes:    o.ValidScopes(),
		Description: "Indicates that any validations declared on the referenced type will be ignored. " +
			"If a referenced type's package is not included in the generator's current " +
			"flags, this tag must be set, or code generation will fail (preventing silent " +
			"mistakes). If the validations should not be ignored, add the type's package " +
			"to the generator using the --readonly-pkg flag.",
	}
}
