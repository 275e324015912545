package validators

// +k8s:zeroOrOneOfMember marks the members of a union of which at most one
// may be set; it is collected and checked like +k8s:unionMember (union.go).

const zeroOrOneOfMemberTagName = "k8s:zeroOrOneOfMember"

func init() {
	register(func() TagValidator { return &unionMemberTag{kind: zeroOrOneOf, unions: unionState{}} })
}

// zeroOrOneOf unions have no discriminator.
var zeroOrOneOf = unionKind{
	tag:       zeroOrOneOfMemberTagName,
	varPrefix: "zeroOrOneOfMembershipFor",
	plain:     ValidateFunc("ZeroOrOneOfUnion"),
	origin:    "zeroOrOneOf",
	doc: TagDoc{
		Stability:   TagStable,
		Description: "Indicates that this field is a member of a zero-or-one-of union.",
		Docs:        "A zero-or-one-of union allows at most one member to be set. Unlike regular unions, having no members set is valid.",
		Warning:     "This tag should only be used on sets of list items, and never on struct fields directly.",
	},
	memberNameDocs: "the custom member name for this member",
}
