package validators

import (
	"errors"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// The list tags: +k8s:listType, +k8s:listMapKey, +k8s:unique and
// +k8s:customUnique only describe a list; the uniqueness check they ask
// for is worked out once all of a list's tags were seen (deferred), and
// +k8s:item reads the keys they declared.

const (
	listTypeTagName     = "k8s:listType"
	listMapKeyTagName   = "k8s:listMapKey"
	uniqueTagName       = "k8s:unique"
	customUniqueTagName = "k8s:customUnique"
)

func init() {
	register(
		func() TagValidator { return &listTypeTag{lists: newListState()} },
		func() TagValidator { return &listMapKeyTag{lists: newListState()} },
		func() TagValidator { return &uniqueTag{lists: newListState()} },
		func() TagValidator { return &customUniqueTag{lists: newListState()} },
	)
}

// listScopes are where every list tag (and +k8s:item) may be written.
var listScopes = []Scope{ScopeListVal, ScopeMapKey, ScopeMapVal, ScopeField, ScopeType}

// listInfo is what the tags of one list (a field or a list type, by path)
// say about it.
type listInfo struct {
	ownership string // "single" (listType=atomic) or "shared" (set, map)
	semantic  string // "atomic", "set" or "map"
	keys      []*model.Member
	keyNames  []string
	custom    bool // +k8s:customUnique: uniqueness is checked by hand
	stability Stability
}

// listState is the run's knowledge about lists, shared by the list tags
// and +k8s:item.
type listState struct {
	byPath map[string]*listInfo
	done   map[string]bool // lists whose checks were emitted
}

func newListState() *listState {
	return &listState{byPath: map[string]*listInfo{}, done: map[string]bool{}}
}

func (s *listState) at(path *field.Path) *listInfo {
	key := path.String()
	li := s.byPath[key]
	if li == nil {
		li = &listInfo{}
		s.byPath[key] = li
	}
	return li
}

// runLists returns the list state of the run's +k8s:listType validator
// (which every list tag shares), or own when there is none.
func runLists(cfg Config, own *listState) *listState {
	if lt, ok := validatorOf[*listTypeTag](cfg.Extractor, listTypeTagName); ok && lt.lists != nil {
		return lt.lists
	}
	return own
}

// nativeList returns the list type behind t, or an error for other types.
func nativeList(t *model.Type) (*model.Type, error) {
	nt := NativeType(t)
	if nt.Kind != model.Slice && nt.Kind != model.Array {
		return nil, fmt.Errorf("can only be used on list types (%s)", GengoKind(nt))
	}
	return nt, nil
}

func listOfStructs(nt *model.Type) bool {
	return NonPointer(NativeType(nt.Elem)).Kind == model.Struct
}

var errListMapOfStructs = errors.New("only lists of structs can be list-maps")

type listTypeTag struct{ lists *listState }

func (l *listTypeTag) Init(cfg Config)      { l.lists = runLists(cfg, l.lists) }
func (l *listTypeTag) TagName() string      { return listTypeTagName }
func (l *listTypeTag) ValidScopes() []Scope { return listScopes }

func (l *listTypeTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	nt, err := nativeList(ctx.Type)
	if err != nil {
		return Validations{}, err
	}
	li := l.lists.at(ctx.Path)
	li.stability = ctx.Stability
	if li.ownership != "" {
		return Validations{}, errors.New("listType cannot be specified more than once")
	}
	// A unique=set or unique=map seen before makes set and map redundant.
	uniqued := li.semantic != "" && li.semantic != "atomic"
	switch tag.Value {
	case "atomic":
		li.ownership = "single"
		if li.semantic == "" {
			li.semantic = "atomic"
		}
	case "set", "map":
		li.ownership = "shared"
		if uniqued {
			return Validations{}, fmt.Errorf("unique tag is redundant for listType=%q", tag.Value)
		}
		if tag.Value == "map" && !listOfStructs(nt) {
			return Validations{}, errListMapOfStructs
		}
		li.semantic = tag.Value
	default:
		return Validations{}, fmt.Errorf("unknown list type %q", tag.Value)
	}
	return l.lists.deferChecks(ctx, tag), nil
}

func (l *listTypeTag) Docs() TagDoc {
	return TagDoc{
		Tag:         listTypeTagName,
		Stability:   TagStable,
		Scopes:      listScopes,
		Description: "Declares a list field's semantic type and ownership behavior. atomic: single ownership, set: shared ownership with uniqueness, map: shared ownership with key-based uniqueness.",
		Payloads: []TagPayloadDoc{{
			Description: "<type>",
			Docs:        "atomic | map | set",
		}},
		PayloadsType:     codetags.ValueString,
		PayloadsRequired: true,
	}
}

type listMapKeyTag struct{ lists *listState }

func (l *listMapKeyTag) Init(cfg Config)      { l.lists = runLists(cfg, l.lists) }
func (l *listMapKeyTag) TagName() string      { return listMapKeyTagName }
func (l *listMapKeyTag) ValidScopes() []Scope { return listScopes }

func (l *listMapKeyTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	nt, err := nativeList(ctx.Type)
	if err != nil {
		return Validations{}, err
	}
	elem := NonPointer(NativeType(nt.Elem))
	if elem.Kind != model.Struct {
		return Validations{}, errListMapOfStructs
	}
	m := MemberByJSON(elem, tag.Value)
	if m == nil {
		return Validations{}, fmt.Errorf("no field for JSON name %q", tag.Value)
	}
	key := m.Type
	if key.Kind == model.Pointer {
		key = key.Elem
	}
	if NativeType(key).Kind != model.Builtin {
		return Validations{}, fmt.Errorf("only primitive types and pointers to primitive types can be list-map keys, not %s", GengoName(m.Type))
	}
	li := l.lists.at(ctx.Path)
	li.keys = append(li.keys, m)
	li.keyNames = append(li.keyNames, tag.Value)
	return Validations{}, nil // listType or unique emit the check
}

func (l *listMapKeyTag) Docs() TagDoc {
	return TagDoc{
		Tag:         listMapKeyTagName,
		Stability:   TagStable,
		Scopes:      listScopes,
		Description: "Declares a named sub-field of a list's value-type to be part of the list-map key.",
		Payloads: []TagPayloadDoc{{
			Description: "<field-json-name>",
			Docs:        "The name of the field.",
		}},
		PayloadsType:     codetags.ValueString,
		PayloadsRequired: true,
	}
}

type uniqueTag struct{ lists *listState }

func (u *uniqueTag) Init(cfg Config)      { u.lists = runLists(cfg, u.lists) }
func (u *uniqueTag) TagName() string      { return uniqueTagName }
func (u *uniqueTag) ValidScopes() []Scope { return listScopes }

func (u *uniqueTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	nt, err := nativeList(ctx.Type)
	if err != nil {
		return Validations{}, err
	}
	li := u.lists.at(ctx.Path)
	li.stability = ctx.Stability
	if li.ownership != "" && li.ownership != "single" {
		return Validations{}, errors.New("unique tag may not be used with listType=set or listType=map")
	}
	if li.semantic != "" && li.semantic != "atomic" {
		return Validations{}, errors.New("unique tag cannot be specified more than once")
	}
	switch tag.Value {
	case "set":
	case "map":
		if !listOfStructs(nt) {
			return Validations{}, errListMapOfStructs
		}
	default:
		return Validations{}, fmt.Errorf("unknown unique type %q", tag.Value)
	}
	li.semantic = tag.Value
	return u.lists.deferChecks(ctx, tag), nil
}

func (u *uniqueTag) Docs() TagDoc {
	return TagDoc{
		Tag:         uniqueTagName,
		Stability:   TagStable,
		Scopes:      listScopes,
		Description: "Declares that a list field's elements are unique. This tag can be used with listType=atomic to add uniqueness constraints, or independently to specify uniqueness semantics.",
		Payloads: []TagPayloadDoc{{
			Description: "<type>",
			Docs:        "map | set",
		}},
		PayloadsType:     codetags.ValueString,
		PayloadsRequired: true,
	}
}

type customUniqueTag struct{ lists *listState }

func (c *customUniqueTag) Init(cfg Config)      { c.lists = runLists(cfg, c.lists) }
func (c *customUniqueTag) TagName() string      { return customUniqueTagName }
func (c *customUniqueTag) ValidScopes() []Scope { return listScopes }

func (c *customUniqueTag) GetValidations(ctx Context, _ codetags.Tag) (Validations, error) {
	if _, err := nativeList(ctx.Type); err != nil {
		return Validations{}, err
	}
	c.lists.at(ctx.Path).custom = true
	return Validations{}, nil
}

func (c *customUniqueTag) Docs() TagDoc {
	return TagDoc{
		Tag:         customUniqueTagName,
		Stability:   TagStable,
		Scopes:      listScopes,
		Description: "Indicates that uniqueness validation for this list is implemented via custom, handwritten validation. This disables generation of uniqueness validation for this list.",
	}
}

// deferChecks asks for the list's checks once all its tags were seen.
func (s *listState) deferChecks(ctx Context, tag codetags.Tag) Validations {
	var v Validations
	v.AddDeferred(deferredAt(tag, ThisContext, func() (Validations, error) { return s.checks(ctx) }))
	return v
}

// deferredAt is deferred work whose errors point at tag (unless they
// point at a tag already).
func deferredAt(tag codetags.Tag, scope DeferredScope, run func() (Validations, error)) Deferred {
	return Deferred{Scope: scope, Run: func() (Validations, error) {
		v, err := run()
		if err != nil {
			if tag.Pos.IsValid() {
				err = atTag(tag, err)
			}
			return Validations{}, err
		}
		return v, nil
	}}
}

// lookup returns what is known about the list at ctx: a field's own tags
// or its (list) type's, not both.
func (s *listState) lookup(ctx Context) (*listInfo, error) {
	li := s.byPath[ctx.Path.String()]
	if ctx.Scope == ScopeField {
		ti := s.byPath[ctx.Type.Name.String()]
		if li != nil && ti != nil {
			return nil, fmt.Errorf("found list metadata for both a field and its type: %s", ctx.Path)
		}
		if ti != nil {
			return ti, nil
		}
	}
	return li, nil
}

func (li *listInfo) check() error {
	switch {
	case len(li.keys) > 0 && li.semantic != "map":
		return errors.New("found listMapKey without listType=map or unique=map")
	case li.semantic == "map" && len(li.keys) == 0:
		return errors.New("found listType=map or unique=map without listMapKey")
	case li.ownership == "":
		return errors.New("listType must be specified - use listType=atomic, listType=set, or listType=map")
	}
	return nil
}

// checks returns the uniqueness check of the list at ctx, the first time
// it is asked for.
func (s *listState) checks(ctx Context) (Validations, error) {
	nt := NativeType(ctx.Type)
	if nt.Kind != model.Slice && nt.Kind != model.Array {
		return Validations{}, nil
	}
	li, err := s.lookup(ctx)
	if err != nil || li == nil {
		return Validations{}, err
	}
	if s.done[ctx.Path.String()] {
		return Validations{}, nil
	}
	s.done[ctx.Path.String()] = true
	if err := li.check(); err != nil {
		return Validations{}, err
	}
	var v Validations
	if li.custom {
		v.AddComment("Uniqueness validation is implemented via custom, handwritten validation")
		return v, nil
	}
	fn := ValidateFunc("ValSliceUnique")
	if nt.Elem.Kind == model.Pointer {
		fn = ValidateFunc("PtrSliceUnique")
	}
	dup := Emission{Type: field.ErrorTypeDuplicate, PathFragment: "[*]"}
	switch li.semantic {
	case "set":
		v.AddCall(NewCall("listValidator", 0, fn, equivalence(nt.Elem)).
			WithComment("lists with set semantics require unique values").
			WithStability(li.stability).WithEmits(dup))
	case "map":
		v.AddCall(NewCall("listValidator", 0, fn, li.keysMatch(nt.Elem)).
			WithComment("lists with map semantics require unique keys").
			WithStability(li.stability).WithEmits(dup))
	}
	return v, nil
}

// keysMatch is a function literal telling whether two elements of a
// list-map have the same key.
func (li *listInfo) keysMatch(elem *model.Type) FunctionLiteral {
	p := PointerTo(NonPointer(elem))
	var conds []string
	for _, m := range li.keys {
		f := m.Name
		if m.Type.Kind == model.Pointer {
			// Pointer keys are equal when both are nil or both point to
			// equal values.
			conds = append(conds, fmt.Sprintf("((a.%s == nil && b.%s == nil) || (a.%s != nil && b.%s != nil && *a.%s == *b.%s))", f, f, f, f, f, f))
		} else {
			conds = append(conds, fmt.Sprintf("a.%s == b.%s", f, f))
		}
	}
	return FunctionLiteral{
		Params:  []Param{{Name: "a", Type: p}, {Name: "b", Type: p}},
		Results: []Param{{Type: builtinType("bool")}},
		Body:    "return " + strings.Join(conds, " && "),
	}
}

// equivalence is the validate function that compares two values of t:
// == when that compares them deeply, else semantic DeepEqual.
func equivalence(t *model.Type) Identifier {
	if IsDirectComparable(NonPointer(NativeType(t))) {
		return Identifier(ValidateFunc("DirectEqual"))
	}
	return Identifier(ValidateFunc("SemanticDeepEqual"))
}

// builtinType returns the builtin type called name.
func builtinType(name string) *model.Type {
	return &model.Type{Name: model.Name{Name: name}, Kind: model.Builtin}
}
