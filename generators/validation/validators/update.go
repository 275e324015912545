package validators

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

const updateTagName = "k8s:update"

func init() { register(func() TagValidator { return &updateTag{} }) }

// updateConstraint is one +k8s:update value, in validate.UpdateConstraint's
// order (the order of the generated arguments).
type updateConstraint int

const (
	noSet updateConstraint = iota
	noUnset
	noModify
	noAddItem
	noRemoveItem
	numUpdateConstraints
)

var updateConstraintNames = [numUpdateConstraints]string{"NoSet", "NoUnset", "NoModify", "NoAddItem", "NoRemoveItem"}

func (c updateConstraint) String() string { return updateConstraintNames[c] }

// updateConstraints is a set of constraints.
type updateConstraints [numUpdateConstraints]bool

// list returns the constraints in order.
func (s updateConstraints) list() []updateConstraint {
	var out []updateConstraint
	for c, on := range s {
		if on {
			out = append(out, updateConstraint(c))
		}
	}
	return out
}

// updateField is what the +k8s:update tags of one field asked for.
type updateField struct {
	constraints updateConstraints
	stability   Stability
}

// updateTag implements +k8s:update=<constraint>. A field's tags add up to
// one call, made once they were all seen; on list or map values (through
// +k8s:eachVal) only NoModify is allowed, and called at once.
type updateTag struct {
	cfg     Config
	byField map[string]*updateField // by field path
}

func (u *updateTag) Init(cfg Config) {
	u.cfg = cfg
	u.byField = map[string]*updateField{}
}

func (u *updateTag) TagName() string { return updateTagName }

func (u *updateTag) ValidScopes() []Scope { return []Scope{ScopeListVal, ScopeMapVal, ScopeField} }

// list returns what the list tags of the run recorded about the list at
// path, or nil.
func (u *updateTag) list(path string) *listInfo {
	if s := runLists(u.cfg, nil); s != nil {
		return s.byPath[path]
	}
	return nil
}

func (u *updateTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	c := updateConstraint(-1)
	for i, name := range updateConstraintNames {
		if tag.Value == name {
			c = updateConstraint(i)
		}
	}
	if c < 0 {
		return Validations{}, fmt.Errorf("unknown +k8s:update constraint: %s", tag.Value)
	}

	if ctx.Scope == ScopeListVal || ctx.Scope == ScopeMapVal {
		if c != noModify {
			return Validations{}, fmt.Errorf("+k8s:update=%s does not apply to %s, attach it to the enclosing field", c, ctx.Scope)
		}
		if k := NonPointer(NativeType(ctx.Type)).Kind; k == model.Slice || k == model.Map {
			return Validations{}, fmt.Errorf("+k8s:update=NoModify cannot be applied to list/map elements that are themselves lists or maps")
		}
		// Items of a set or an atomic list have no identity: a changed
		// item is a new one, and NoModify could never fire.
		if ctx.Scope == ScopeListVal && ctx.ParentPath != nil {
			if li := u.list(ctx.ParentPath.String()); li != nil && li.semantic != "map" {
				return Validations{}, fmt.Errorf("+k8s:eachVal=+k8s:update=NoModify requires the enclosing list to use listType=map or unique=map (got %s)", li.semantic)
			}
		}
		v := scalarUpdate(ctx, []updateConstraint{c})
		v.Calls = withStability(v.Calls, ctx.Stability)
		return v, nil
	}

	path := ctx.Path.String()
	uf := u.byField[path]
	if uf == nil {
		uf = &updateField{}
		u.byField[path] = uf
	}
	uf.stability = ctx.Stability
	uf.constraints[c] = true
	if err := checkUpdateConstraints(ctx, uf.constraints.list()); err != nil {
		return Validations{}, err
	}
	var v Validations
	v.AddDeferred(Deferred{Scope: ThisContext, Run: func() (Validations, error) { return u.fieldUpdate(ctx) }})
	return v, nil
}

// checkUpdateConstraints rejects constraints that do not fit the field's
// type.
func checkUpdateConstraints(ctx Context, cs []updateConstraint) error {
	t := NonPointer(NativeType(ctx.Type))
	compound := t.Kind == model.Slice || t.Kind == model.Map
	for _, c := range cs {
		switch c {
		case noAddItem, noRemoveItem:
			if !compound {
				return fmt.Errorf("+k8s:update=%s can only be used on list or map fields", c)
			}
		case noModify:
			if compound {
				return fmt.Errorf("+k8s:update=NoModify is not supported on list or map fields, use +k8s:eachVal=+k8s:update=NoModify for per-item immutability")
			}
		case noSet, noUnset:
			if t.Kind == model.Struct && ctx.Type.Kind != model.Pointer {
				return fmt.Errorf("+k8s:update=%s cannot be used on non-pointer struct fields (they cannot be unset)", c)
			}
		}
	}
	return nil
}

// fieldUpdate is the one call for all of a field's constraints, made by
// the first of its tags' deferred work.
func (u *updateTag) fieldUpdate(ctx Context) (Validations, error) {
	path := ctx.Path.String()
	uf := u.byField[path]
	if uf == nil {
		return Validations{}, nil
	}
	delete(u.byField, path)
	cs := uf.constraints.list()
	if len(cs) == 0 {
		return Validations{}, nil
	}
	var v Validations
	var err error
	switch NonPointer(NativeType(ctx.Type)).Kind {
	case model.Slice:
		v, err = u.sliceUpdate(ctx, cs)
	case model.Map:
		v.AddCall(NewCall(updateTagName, ShortCircuit, ValidateFunc("UpdateMap"), constraintArgs(cs)...).
			WithEmits(compoundUpdateEmits(cs, true)...))
	default:
		v = scalarUpdate(ctx, cs)
	}
	if err != nil {
		return Validations{}, err
	}
	level := uf.stability
	if ctx.Stability != "" {
		level = ctx.Stability
	}
	v.Calls = withStability(v.Calls, level)
	return v, nil
}

// sliceUpdate calls ValSliceUpdate (PtrSliceUpdate for lists of pointers)
// with the function that pairs old and new items, which NoAddItem and
// NoRemoveItem need: by key for list-maps, by value for sets.
func (u *updateTag) sliceUpdate(ctx Context, cs []updateConstraint) (Validations, error) {
	var match any = Literal("nil")
	nt := NativeType(ctx.Type)
	if hasConstraint(cs, noAddItem) || hasConstraint(cs, noRemoveItem) {
		// The field's own list tags, else its list type's.
		li := u.list(ctx.Path.String())
		if li == nil {
			li = u.list(ctx.Type.Name.String())
		}
		if li == nil {
			return Validations{}, fmt.Errorf("+k8s:update=NoAddItem/+k8s:update=NoRemoveItem require list metadata (+k8s:listType with listMapKey, or +k8s:unique) to determine item identity")
		}
		switch li.semantic {
		case "map":
			if len(li.keys) == 0 {
				return Validations{}, fmt.Errorf("+k8s:update=NoAddItem/+k8s:update=NoRemoveItem require listMapKey to be set for listType=map")
			}
			match = li.keysMatch(nt.Elem)
		case "set":
			match = equivalence(nt.Elem)
		default:
			return Validations{}, fmt.Errorf("+k8s:update=NoAddItem/+k8s:update=NoRemoveItem require listType=set, listType=map, unique=set, or unique=map to define item identity")
		}
	}
	fn := ValidateFunc("ValSliceUpdate")
	if nt.Elem.Kind == model.Pointer {
		fn = ValidateFunc("PtrSliceUpdate")
	}
	var v Validations
	v.AddCall(NewCall(updateTagName, ShortCircuit, fn, append([]any{match}, constraintArgs(cs)...)...).
		WithEmits(compoundUpdateEmits(cs, false)...))
	return v, nil
}

// scalarUpdate calls the update check for a value that is no list or
// map: UpdatePointer, UpdateStruct, UpdateValueByCompare (== compares it
// deeply) or UpdateValueByReflect.
func scalarUpdate(ctx Context, cs []updateConstraint) Validations {
	t := NonPointer(NativeType(ctx.Type))
	var fn model.Name
	switch {
	case ctx.Type.Kind == model.Pointer:
		fn = ValidateFunc("UpdatePointer")
	case t.Kind == model.Struct:
		fn = ValidateFunc("UpdateStruct")
	case IsDirectComparable(t):
		fn = ValidateFunc("UpdateValueByCompare")
	default:
		fn = ValidateFunc("UpdateValueByReflect")
	}
	// ShortCircuit: these run with +k8s:optional, before the other checks.
	var v Validations
	v.AddCall(NewCall(updateTagName, ShortCircuit, fn, constraintArgs(cs)...).
		WithEmits(Emission{Type: field.ErrorTypeInvalid, Origin: "update"}))
	return v
}

// compoundUpdateEmits are the errors of ValSliceUpdate and UpdateMap:
// NoSet and NoUnset report at the field, an added item at the item, a
// removed one at the field for lists and at the key for maps.
func compoundUpdateEmits(cs []updateConstraint, isMap bool) []Emission {
	invalid := hasConstraint(cs, noSet) || hasConstraint(cs, noUnset)
	add, remove := hasConstraint(cs, noAddItem), hasConstraint(cs, noRemoveItem)
	var out []Emission
	if invalid {
		out = append(out, Emission{Type: field.ErrorTypeInvalid, Origin: "update"})
	}
	if add || (remove && isMap) {
		out = append(out, Emission{Type: field.ErrorTypeForbidden, Origin: "update", PathFragment: "[*]"})
	}
	if remove && !isMap {
		out = append(out, Emission{Type: field.ErrorTypeForbidden, Origin: "update"})
	}
	return out
}

func hasConstraint(cs []updateConstraint, c updateConstraint) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// constraintArgs are the validate.<Constraint> arguments, in order.
func constraintArgs(cs []updateConstraint) []any {
	out := make([]any, len(cs))
	for i, c := range cs {
		out[i] = Identifier(ValidateFunc(c.String()))
	}
	return out
}

// withStability returns calls (a copy, if they change) marked with level,
// if there is one.
func withStability(calls []Call, level Stability) []Call {
	if level == "" {
		return calls
	}
	out := make([]Call, len(calls))
	for i, c := range calls {
		out[i] = c.WithStability(level)
	}
	return out
}

func (u *updateTag) Docs() TagDoc {
	return TagDoc{
		Tag:          updateTagName,
		Stability:    TagStable,
		Scopes:       u.ValidScopes(),
		PayloadsType: codetags.ValueString,
		Description: "Provides constraints on the allowed update operations of a field. " +
			"Constraints: NoSet (prevents unset->set transitions), NoUnset (prevents set->unset transitions), " +
			"NoModify (prevents value changes but allows set/unset transitions), " +
			"NoAddItem (prevents adding items to a slice or map), NoRemoveItem (prevents removing items from a slice or map). " +
			"Multiple constraints can be specified using multiple tags. " +
			"For non-pointer structs, NoSet and NoUnset have no effect as these fields cannot be unset. " +
			"For slice and map fields, 'unset' means len == 0. Slice item identity for NoAddItem/NoRemoveItem comes from " +
			"+k8s:listType/+k8s:listMapKey/+k8s:unique, for maps the key is the item identity. " +
			"NoModify is not supported on slices or maps, use +k8s:eachVal=+k8s:update=NoModify for per-item immutability. " +
			"On lists, +k8s:eachVal=+k8s:update=NoModify requires listType=map or unique=map, otherwise content changes are not detectable. " +
			"Examples: +k8s:update=NoModify +k8s:update=NoUnset for set-once fields, " +
			"+k8s:update=NoSet for fields that must be set at creation or never, " +
			"+k8s:update=NoAddItem +k8s:update=NoRemoveItem on a listType=map field to freeze the structural shape of the list.",
	}
}
