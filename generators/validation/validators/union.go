package validators

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// Unions: +k8s:unionMember marks the fields of a struct (or, under
// +k8s:item, the items of a list) of which exactly one is set;
// +k8s:unionDiscriminator names the field saying which. The members are
// collected per struct (or list) path, and the check is emitted on the
// struct (list) once all its fields were seen. +k8s:zeroOrOneOfMember
// (zeroorone.go) works the same way.

const (
	unionDiscriminatorTagName = "k8s:unionDiscriminator"
	unionMemberTagName        = "k8s:unionMember"
)

func init() {
	register(
		func() TagValidator { return &unionDiscriminatorTag{unions: unionState{}} },
		func() TagValidator { return &unionMemberTag{kind: exactlyOneOf, unions: unionState{}} },
	)
}

var unionScopes = []Scope{ScopeListVal, ScopeField}

// unionState holds the unions being collected, by the path of the struct
// or list they belong to, then by union name ("" when unnamed).
type unionState map[string]map[string]*unionDef

func (s unionState) get(path *field.Path, name string) *unionDef {
	key := path.String()
	if s[key] == nil {
		s[key] = map[string]*unionDef{}
	}
	u := s[key][name]
	if u == nil {
		u = &unionDef{items: map[string][]ListSelectorTerm{}}
		s[key][name] = u
	}
	return u
}

// unionDef is one union: its fields or its items.
type unionDef struct {
	members []unionMember // in tag order
	fields  []*model.Member
	items   map[string][]ListSelectorTerm // by member name (the item's path element)

	discriminator       *string // the discriminator's JSON name
	discriminatorMember *model.Member
}

type unionMember struct {
	name  string // the field's JSON name, or the item's path element
	value string // the discriminator value naming it
}

// runUnions returns the union state of the run's +k8s:unionMember
// validator, shared with +k8s:unionDiscriminator, or own when there is
// none.
func runUnions(cfg Config, own unionState) unionState {
	if m, ok := validatorOf[*unionMemberTag](cfg.Extractor, unionMemberTagName); ok && m.unions != nil {
		return m.unions
	}
	return own
}

type unionDiscriminatorTag struct{ unions unionState }

func (u *unionDiscriminatorTag) Init(cfg Config)      { u.unions = runUnions(cfg, u.unions) }
func (u *unionDiscriminatorTag) TagName() string      { return unionDiscriminatorTagName }
func (u *unionDiscriminatorTag) ValidScopes() []Scope { return unionScopes }

func (u *unionDiscriminatorTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	if t := NonPointer(NativeType(ctx.Type)); !isBuiltin(t, "string") {
		return Validations{}, fmt.Errorf("can only be used on string types (%s)", typeAndNative(ctx.Type, t))
	}
	name, _ := tag.Named("union")
	def := u.unions.get(ctx.ParentPath, name.Value)
	if ctx.Member != nil {
		json := JSONName(ctx.Member)
		def.discriminator = &json
		def.discriminatorMember = ctx.Member
	}
	return Validations{}, nil // the members' deferred work emits the check
}

func (u *unionDiscriminatorTag) Docs() TagDoc {
	return TagDoc{
		Tag:         unionDiscriminatorTagName,
		Stability:   TagBeta,
		Scopes:      unionScopes,
		Description: "Indicates that this field is the discriminator for a union.",
		Args:        []TagArgDoc{unionNameArg},
	}
}

// unionMemberTag implements a member tag: +k8s:unionMember (exactly one
// member set) or +k8s:zeroOrOneOfMember (at most one).
type unionMemberTag struct {
	kind   unionKind
	unions unionState
}

func (u *unionMemberTag) Init(Config)          {}
func (u *unionMemberTag) TagName() string      { return u.kind.tag }
func (u *unionMemberTag) ValidScopes() []Scope { return unionScopes }

func (u *unionMemberTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	return addUnionMember(u.unions, u.kind, ctx, tag)
}

func (u *unionMemberTag) Docs() TagDoc {
	doc := u.kind.doc
	doc.Tag, doc.Scopes = u.kind.tag, unionScopes
	doc.Args = []TagArgDoc{unionNameArg, {
		Name:        "memberName",
		Description: "<string>",
		Docs:        u.kind.memberNameDocs,
		Default:     "the field's name",
		Type:        codetags.ArgString,
	}}
	return doc
}

// unionNameArg documents the union argument of the union tags.
var unionNameArg = TagArgDoc{
	Name:        "union",
	Description: "<string>",
	Docs:        "the name of the union, if more than one exists",
	Type:        codetags.ArgString,
}

// unionKind says how one kind of union is checked, and its member tag
// documented.
type unionKind struct {
	tag           string     // the member tag
	varPrefix     string     // of the membership variables
	plain         model.Name // the check of a union without discriminator
	discriminated model.Name // and with one
	origin        string     // of the errors

	doc            TagDoc // but the tag, scopes and arguments
	memberNameDocs string
}

var exactlyOneOf = unionKind{
	tag:            unionMemberTagName,
	varPrefix:      "unionMembershipFor",
	plain:          ValidateFunc("Union"),
	discriminated:  ValidateFunc("DiscriminatedUnion"),
	origin:         "union",
	doc:            TagDoc{Stability: TagStable, Description: "Indicates that this field is a member of a union."},
	memberNameDocs: "the discriminator value for this member",
}

// addUnionMember records a member and defers the union's check to the
// struct (or list) holding it.
func addUnionMember(s unionState, k unionKind, ctx Context, tag codetags.Tag) (Validations, error) {
	var err error
	switch ctx.Scope {
	case ScopeField:
		err = addFieldMember(s, ctx, tag)
	case ScopeListVal:
		err = addItemMember(s, ctx, tag)
	default:
		err = fmt.Errorf("can only be used on fields and list items: %v", ctx.Scope)
	}
	if err != nil {
		return Validations{}, err
	}
	var v Validations
	v.AddDeferred(deferredAt(tag, ParentContext, func() (Validations, error) {
		return s.checks(k, ctx)
	}))
	return v, nil
}

func addFieldMember(s unionState, ctx Context, tag codetags.Tag) error {
	if ctx.Member == nil {
		return errors.New("struct-field union member has no member info in context")
	}
	if nt := NativeType(ctx.Member.Type); !canTellSet(nt) { // non-pointer structs in particular
		return fmt.Errorf("can only be used on nilable and primitive types (%s)", GengoKind(nt))
	}
	json := JSONName(ctx.Member)
	if json == "" {
		return fmt.Errorf("field %q is a union member but has no JSON name", ctx.Member.Name+" "+GengoName(ctx.Member.Type))
	}
	value := ctx.Member.Name
	if a, ok := tag.Named("memberName"); ok {
		value = a.Value
	}
	name, _ := tag.Named("union")
	u := s.get(ctx.ParentPath, name.Value)
	u.members = append(u.members, unionMember{name: json, value: value})
	u.fields = append(u.fields, ctx.Member)
	return nil
}

func addItemMember(s unionState, ctx Context, tag codetags.Tag) error {
	if ctx.ListSelector == nil {
		return errors.New("list-item union member has no list selector in context")
	}
	// The item is named by its path's last element, like
	// tasks[{"name": "succeeded"}].
	p := ctx.Path.String()
	member := p[strings.LastIndex(p, ".")+1:]
	value := ""
	if a, ok := tag.Named("memberName"); ok {
		value = a.Value
	}
	name, _ := tag.Named("union")
	u := s.get(ctx.ParentPath, name.Value)
	u.members = append(u.members, unionMember{name: member, value: value})
	if _, dup := u.items[member]; dup {
		return fmt.Errorf("list-item union member %q already exists", member)
	}
	u.items[member] = ctx.ListSelector
	return nil
}

// checks returns the checks of the unions of the struct (or list) holding
// the member at ctx, the first time they are asked for.
func (s unionState) checks(k unionKind, ctx Context) (Validations, error) {
	if ctx.ParentType == nil {
		return Validations{}, nil
	}
	if k := NonPointer(NativeType(ctx.ParentType)).Kind; k != model.Struct && k != model.Slice {
		return Validations{}, nil
	}
	key := ctx.ParentPath.String()
	unions := s[key]
	if len(unions) == 0 {
		return Validations{}, nil
	}
	delete(s, key)
	return unionChecks(k, ctx.ParentPath, ctx.ParentType, unions)
}

// unionChecks returns, for each union in name order, its membership
// variable and its check.
func unionChecks(k unionKind, path *field.Path, parent *model.Type, unions map[string]*unionDef) (Validations, error) {
	var out Validations
	native := NonPointer(NativeType(parent))
	ptr := PointerTo(parent)
	for _, n := range slices.Sorted(maps.Keys(unions)) {
		u := unions[n]
		if len(u.fields) == 0 && u.discriminator == nil && len(u.items) == 0 {
			continue
		}
		switch {
		case len(u.fields) > 0 && len(u.items) > 0:
			return Validations{}, errors.New("cannot have both field members and item members")
		case native.Kind == model.Struct && len(u.items) > 0:
			return Validations{}, errors.New("struct type cannot have item members")
		case native.Kind == model.Slice && len(u.fields) > 0:
			return Validations{}, errors.New("slice type cannot have field members")
		}
		membership := PrivateVar{Package: "local", Name: k.varPrefix + "_" + identifierOf(path.String()+"_"+n)}

		var isSet []any // one "is this member set" function per member
		for _, m := range u.fields {
			isSet = append(isSet, fieldIsSet(ptr, m))
		}
		if native.Kind == model.Slice && len(u.items) > 0 {
			elem := NonPointer(native.Elem)
			for _, k := range slices.Sorted(maps.Keys(u.items)) {
				fn, err := itemIsSet(parent, elem, u.items[k])
				if err != nil {
					return Validations{}, err
				}
				isSet = append(isSet, fn)
			}
		}

		emits := Emission{Type: field.ErrorTypeInvalid, Origin: k.origin}
		if u.discriminator != nil {
			members := []any{*u.discriminator}
			for _, m := range u.members {
				members = append(members, NewCall("unused", 0, ValidateFunc("NewDiscriminatedUnionMember"), m.name, m.value))
			}
			out.AddVariable(Variable{Name: membership, Init: NewCall(k.tag, 0, ValidateFunc("NewDiscriminatedUnionMembership"), members...)})
			discriminator := FunctionLiteral{
				Params:  []Param{{Name: "obj", Type: ptr}},
				Results: []Param{{Type: builtinType("string")}},
				Body:    fmt.Sprintf("if obj == nil {return \"\"}; return string(obj.%s)", u.discriminatorMember.Name),
			}
			args := append([]any{membership, discriminator}, isSet...)
			out.AddCall(NewCall(k.tag, 0, k.discriminated, args...).WithEmits(emits))
			continue
		}
		var members []any
		for _, m := range u.members {
			members = append(members, NewCall("unused", 0, ValidateFunc("NewUnionMember"), m.name))
		}
		out.AddVariable(Variable{Name: membership, Init: NewCall(k.tag, 0, ValidateFunc("NewUnionMembership"), members...)})
		args := append([]any{membership}, isSet...)
		out.AddCall(NewCall(k.tag, 0, k.plain, args...).WithEmits(emits))
	}
	return out, nil
}

// canTellSet reports whether fieldIsSet tells set from unset for a field
// whose native type is nt.
func canTellSet(nt *model.Type) bool {
	switch nt.Kind {
	case model.Pointer, model.Map, model.Slice, model.Builtin:
		return true
	}
	return false
}

// fieldIsSet is func(obj *Parent) bool, telling whether obj's field m
// is set: a non-nil pointer, a non-empty slice or map, a non-zero
// builtin.
func fieldIsSet(ptr *model.Type, m *model.Member) FunctionLiteral {
	var body string
	switch nt := NativeType(m.Type); nt.Kind {
	case model.Pointer:
		body = fmt.Sprintf("if obj == nil {return false}; return obj.%s != nil", m.Name)
	case model.Map, model.Slice:
		body = fmt.Sprintf("if obj == nil {return false}; return len(obj.%s) != 0", m.Name)
	case model.Builtin:
		body = fmt.Sprintf("if obj == nil {return false}; var z %s; return obj.%s != z", GengoName(m.Type), m.Name)
	default:
		body = fmt.Sprintf("if obj == nil {return false}; return false /* unsupported union member kind: %s */", GengoKind(nt))
	}
	return FunctionLiteral{
		Params:  []Param{{Name: "obj", Type: ptr}},
		Results: []Param{{Type: builtinType("bool")}},
		Body:    body,
	}
}

// itemIsSet is a function literal telling whether the list holds an item
// matching the selector. (The selector's values are compared as strings,
// as upstream does.)
func itemIsSet(list, elem *model.Type, selector []ListSelectorTerm) (FunctionLiteral, error) {
	var criteria []criterion
	for _, t := range selector {
		criteria = append(criteria, criterion{key: t.Field, value: fmt.Sprint(t.Value)})
	}
	slices.SortFunc(criteria, func(a, b criterion) int { return strings.Compare(a.key, b.key) })
	cond, err := matchConditions(elem, criteria, "list[i]")
	if err != nil {
		return FunctionLiteral{}, err
	}
	return FunctionLiteral{
		Params:  []Param{{Name: "list", Type: list}},
		Results: []Param{{Type: builtinType("bool")}},
		Body:    fmt.Sprintf("for i := range list {\n\t\t\t\tif %s {\n\t\t\t\t\treturn true\n\t\t\t\t}\n\t\t\t }\n\t\t\t return false", cond),
	}, nil
}

var nonIdentifierRune = regexp.MustCompile(`[^a-zA-Z0-9_]`)

// identifierOf turns s into a Go identifier: every character that cannot
// be in one becomes "_".
func identifierOf(s string) string {
	return nonIdentifierRune.ReplaceAllString(strings.ReplaceAll(s, ".", "_"), "_")
}
