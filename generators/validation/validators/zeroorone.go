package validators

import (
	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// +k8s:zeroOrOneOfMember marks the members of a union of which at most one
// may be set; it is collected and checked like +k8s:unionMember (union.go).

const zeroOrOneOfMemberTagName = "k8s:zeroOrOneOfMember"

func init() { register(func() TagValidator { return &zeroOrOneOfMemberTag{unions: unionState{}} }) }

type zeroOrOneOfMemberTag struct{ unions unionState }

var zeroOrOneOfKind = unionFlavour{
	varPrefix: "zeroOrOneOfMembershipFor",
	tag:       zeroOrOneOfMemberTagName,
	plain:     ValidateFunc("ZeroOrOneOfUnion"),
	// such unions have no discriminator
	discriminated: model.Name{},
	origin:        "zeroOrOneOf",
}

func (z *zeroOrOneOfMemberTag) Init(Config)          {}
func (z *zeroOrOneOfMemberTag) TagName() string      { return zeroOrOneOfMemberTagName }
func (z *zeroOrOneOfMemberTag) ValidScopes() []Scope { return unionScopes }

func (z *zeroOrOneOfMemberTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	return addUnionMember(z.unions, zeroOrOneOfKind, ctx, tag)
}

func (z *zeroOrOneOfMemberTag) Docs() TagDoc {
	return TagDoc{
		Tag:         zeroOrOneOfMemberTagName,
		Stability:   TagStable,
		Scopes:      unionScopes,
		Description: "Indicates that this field is a member of a zero-or-one-of union.",
		Docs:        "A zero-or-one-of union allows at most one member to be set. Unlike regular unions, having no members set is valid.",
		Warning:     "This tag should only be used on sets of list items, and never on struct fields directly.",
		Args: []TagArgDoc{{
			Name:        "union",
			Description: "<string>",
			Docs:        "the name of the union, if more than one exists",
			Type:        codetags.ArgString,
		}, {
			Name:        "memberName",
			Description: "<string>",
			Docs:        "the custom member name for this member",
			Default:     "the field's name",
			Type:        codetags.ArgString,
		}},
	}
}
