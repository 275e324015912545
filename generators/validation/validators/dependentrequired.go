package validators

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

const (
	dependentRequiredTagName  = "k8s:dependentRequired"
	dependentForbiddenTagName = "k8s:dependentForbidden"
)

func init() {
	register(
		func() TagValidator { return dependencyTag{tag: dependentRequiredTagName} },
		func() TagValidator { return dependencyTag{tag: dependentForbiddenTagName} },
	)
}

// dependencyTag implements +k8s:dependentRequired("sibling") and
// +k8s:dependentForbidden("sibling"): when the tagged field is set, the
// sibling (named by its JSON name) must be set too, or must not be.
type dependencyTag struct{ tag string }

func (dependencyTag) Init(Config) {}

func (d dependencyTag) TagName() string { return d.tag }

func (dependencyTag) ValidScopes() []Scope { return []Scope{ScopeField} }

func (d dependencyTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	if ctx.Member == nil {
		return Validations{}, fmt.Errorf("must be used on a struct field")
	}
	parent := NonPointer(NativeType(ctx.ParentType))
	if parent.Kind != model.Struct {
		return Validations{}, fmt.Errorf("parent type must be a struct (got %s)", GengoKind(parent))
	}
	if len(tag.Args) != 1 {
		return Validations{}, fmt.Errorf("expected exactly one argument naming the dependent field, got %d", len(tag.Args))
	}
	depName := tag.Args[0].Value
	dep := MemberByJSON(parent, depName)
	if dep == nil {
		return Validations{}, &TagError{Pos: tag.Args[0].Pos, Err: fmt.Errorf("no sibling field with JSON name %q", depName)}
	}
	if dep.Name == ctx.Member.Name {
		return Validations{}, fmt.Errorf("trigger and dependent field must be different (both are %q)", depName)
	}
	triggerName := JSONName(ctx.Member)
	if triggerName == "" {
		return Validations{}, fmt.Errorf("trigger field %q has no JSON name", ctx.Member.Name)
	}
	for _, m := range []struct {
		role   string
		member *model.Member
	}{{"trigger", ctx.Member}, {"dependent", dep}} {
		if nt := NativeType(m.member.Type); !canTellSet(nt) {
			return Validations{}, fmt.Errorf("%s field %q has unsupported type kind %s", m.role, m.member.Name, GengoKind(nt))
		}
	}

	function, errType, origin := ValidateFunc("DependentRequired"), field.ErrorTypeRequired, "dependentRequired"
	if d.tag == dependentForbiddenTagName {
		function, errType, origin = ValidateFunc("DependentForbidden"), field.ErrorTypeForbidden, "dependentForbidden"
	}
	ptr := PointerTo(ctx.ParentType)
	triggerSet, depSet := fieldIsSet(ptr, ctx.Member), fieldIsSet(ptr, dep)
	// The check needs both fields: it goes to the struct holding them.
	return Validations{Deferred: []Deferred{{Scope: ParentContext, Run: func() (Validations, error) {
		var v Validations
		v.AddCall(NewCall(d.tag, 0, function, triggerName, triggerSet, depName, depSet).
			WithEmits(Emission{Type: errType, Origin: origin, PathFragment: "." + depName}))
		return v, nil
	}}}}, nil
}

func (d dependencyTag) Docs() TagDoc {
	doc := TagDoc{
		Tag:       d.tag,
		Stability: TagAlpha,
		Scopes:    d.ValidScopes(),
		Args: []TagArgDoc{{
			Description: "<sibling-field-json-name>",
			Type:        codetags.ArgString,
			Required:    true,
		}},
	}
	if d.tag == dependentRequiredTagName {
		doc.Description = "Indicates that when this field is set, the named sibling field must also be set."
		doc.Docs = "When the tagged field is set (non-nil pointer, non-empty slice/map, or non-zero " +
			"builtin), the named sibling must also be set. Dependencies are one-directional. " +
			"Repeat the tag to require multiple siblings."
	} else {
		doc.Description = "Indicates that when this field is set, the named sibling field must not be set."
		doc.Docs = "When the tagged field is set (non-nil pointer, non-empty slice/map, or non-zero " +
			"builtin), the named sibling must not be set. Dependencies are one-directional. " +
			"Repeat the tag to forbid multiple siblings."
	}
	return doc
}
