package validators

import (
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// +k8s:eachVal and +k8s:eachKey apply a tag to every value of a list or
// map, or to every key of a map. The engine uses the same wrapping for
// the calls of element types' validation functions (ForEachVal,
// ForEachKey).

const (
	eachValTagName = "k8s:eachVal"
	eachKeyTagName = "k8s:eachKey"
)

func init() {
	register(
		func() TagValidator { return &eachValTag{} },
		func() TagValidator { return &eachKeyTag{} },
	)
}

type eachValTag struct{ reg *Registry }

func (e *eachValTag) Init(cfg Config)      { e.reg = cfg.Extractor }
func (e *eachValTag) TagName() string      { return eachValTagName }
func (e *eachValTag) ValidScopes() []Scope { return listScopes }

func (e *eachValTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	t := ctx.Type
	nt := NativeType(t)
	elemCtx := Context{Type: nt.Elem, Path: ctx.Path.Key("(vals)"), ParentPath: ctx.Path, ParentType: ctx.Type, Stability: ctx.Stability}
	switch nt.Kind {
	case model.Slice, model.Array:
		elemCtx.Scope = ScopeListVal
		elemCtx.ListSelector = []ListSelectorTerm{} // every item
	case model.Map:
		elemCtx.Scope = ScopeMapVal
	default:
		return Validations{}, fmt.Errorf("can only be used on list or map types (%s)", GengoKind(nt))
	}
	if tag.ValueTag == nil {
		return Validations{}, fmt.Errorf("missing validation tag")
	}
	inner, err := e.reg.ExtractValidations(elemCtx, *tag.ValueTag)
	if err != nil {
		return Validations{}, err
	}
	// The calls wait too: a list's keys (listType, listMapKey) must be
	// known before its elements can be correlated.
	out, err := forEach(inner, true, func(v Validations) (Validations, error) { return e.wrap(ctx.Path, t, v) })
	if err != nil {
		return Validations{}, err
	}
	out.OpaqueValType = inner.OpaqueType
	return out, nil
}

// forEach makes inner, the validations of the tag nested in +k8s:eachVal
// or +k8s:eachKey, run on each value or key: wrap does that to calls.
// Deferred calls are wrapped when they are made, the others at once or,
// with deferCalls, deferred as well.
func forEach(inner Validations, deferCalls bool, wrap func(Validations) (Validations, error)) (Validations, error) {
	if len(inner.Variables) > 0 {
		return Validations{}, fmt.Errorf("variable generation is not supported")
	}
	if !inner.HasEmitable() && !inner.OpaqueType {
		return Validations{}, fmt.Errorf("no validation functions found")
	}
	out := Validations{Comments: slices.Clone(inner.Comments)}
	if calls := (Validations{Calls: inner.Calls}); len(calls.Calls) > 0 {
		if deferCalls {
			out.AddDeferred(Deferred{Scope: ThisContext, Run: func() (Validations, error) { return wrap(calls) }})
		} else {
			w, err := wrap(calls)
			if err != nil {
				return Validations{}, err
			}
			out.Add(w)
		}
	}
	if len(inner.Deferred) > 0 {
		out.AddDeferred(Deferred{Scope: ThisContext, Run: func() (Validations, error) {
			resolved, err := runAll(inner.Deferred)
			if err != nil {
				return Validations{}, err
			}
			return wrap(resolved)
		}})
	}
	return out, nil
}

// runAll runs deferred work and merges the results.
func runAll(ds []Deferred) (Validations, error) {
	var out Validations
	for _, d := range ds {
		v, err := d.Run()
		if err != nil {
			return Validations{}, err
		}
		out.Add(v)
	}
	return out, nil
}

// wrap makes v's calls run on each value of t, the list or map (as
// declared: the defined type, not its underlying one) at fldPath.
func (e *eachValTag) wrap(fldPath *field.Path, t *model.Type, v Validations) (Validations, error) {
	nt := NativeType(t)
	var each func(Call) Call
	switch nt.Kind {
	case model.Slice, model.Array:
		match, equiv := e.correlation(fldPath, t, nt.Elem)
		fn := ValidateFunc("EachValSliceVal")
		if nt.Elem.Kind == model.Pointer {
			fn = ValidateFunc("EachPtrSliceVal")
		}
		each = func(c Call) Call {
			return NewCall(eachValTagName, c.Flags, fn, match, equiv, WrapperFunction{Function: c, ObjType: nt.Elem, PathFragment: "[*]"})
		}
	case model.Map:
		equiv := equivalence(nt.Elem)
		each = func(c Call) Call {
			return NewCall(eachValTagName, c.Flags, ValidateFunc("EachMapVal"), equiv, WrapperFunction{Function: c, ObjType: nt.Elem, PathFragment: "[*]"})
		}
	default:
		return Validations{}, fmt.Errorf("non-iterable type: %v", t.Name.String())
	}
	w := MapCalls(v, func(c Call, _ DeferredScope) Call { return moveComments(c, each) })
	return Validations{Calls: w.Calls, Deferred: w.Deferred, OpaqueValType: v.OpaqueType}, nil
}

// moveComments wraps c, moving its comments to the wrapping call.
func moveComments(c Call, wrap func(Call) Call) Call {
	comments := c.Comments
	c.Comments = nil
	return wrap(c).WithComment(comments...)
}

// correlation returns how an element of the list at fldPath (of type t)
// finds its old self, for ratcheting: the match function (nil: by
// index; a key comparison for list-maps; equality for sets) and the
// equivalence of matched elements (nil when match compares whole
// elements).
func (e *eachValTag) correlation(fldPath *field.Path, t, elem *model.Type) (match, equiv any) {
	match, equiv = Literal("nil"), Literal("nil")
	lists := runLists(Config{Extractor: e.reg}, nil)
	if lists == nil {
		return match, equiv
	}
	li := lists.byPath[fldPath.String()]
	if li == nil {
		li = lists.byPath[t.Name.String()]
	}
	if li == nil {
		return match, equiv
	}
	switch li.semantic {
	case "map":
		return li.keysMatch(elem), equivalence(elem)
	case "set":
		return equivalence(elem), equiv
	}
	return match, equiv
}

func (e *eachValTag) Docs() TagDoc {
	return TagDoc{
		Tag:         eachValTagName,
		Stability:   TagStable,
		Scopes:      sortedScopes(listScopes...),
		Description: "Declares a validation for each value in a map or list.",
		Payloads: []TagPayloadDoc{{
			Description: "<validation-tag>",
			Docs:        "The tag to evaluate for each value.",
		}},
		PayloadsType:     codetags.ValueTag,
		PayloadsRequired: true,
	}
}

type eachKeyTag struct{ reg *Registry }

func (e *eachKeyTag) Init(cfg Config)      { e.reg = cfg.Extractor }
func (e *eachKeyTag) TagName() string      { return eachKeyTagName }
func (e *eachKeyTag) ValidScopes() []Scope { return listScopes }

func (e *eachKeyTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	t := ctx.Type
	nt := NativeType(t)
	if nt.Kind != model.Map {
		return Validations{}, fmt.Errorf("can only be used on map types (%s)", GengoKind(nt))
	}
	if tag.ValueTag == nil {
		return Validations{}, fmt.Errorf("missing validation tag")
	}
	keyCtx := Context{Scope: ScopeMapKey, Type: nt.Key, Path: ctx.Path.Key("(keys)"), ParentPath: ctx.Path, ParentType: ctx.Type, Stability: ctx.Stability}
	inner, err := e.reg.ExtractValidations(keyCtx, *tag.ValueTag)
	if err != nil {
		return Validations{}, err
	}
	out, err := forEach(inner, false, func(v Validations) (Validations, error) { return wrapKeys(t, v), nil })
	if err != nil {
		return Validations{}, err
	}
	out.OpaqueKeyType = inner.OpaqueType
	return out, nil
}

// wrapKeys makes v's calls run on each key of the map type t.
func wrapKeys(t *model.Type, v Validations) Validations {
	key := NativeType(t).Key
	w := MapCalls(v, func(c Call, _ DeferredScope) Call {
		return moveComments(c, func(c Call) Call {
			return NewCall(eachKeyTagName, c.Flags, ValidateFunc("EachMapKey"), WrapperFunction{Function: c, ObjType: key})
		})
	})
	return Validations{Calls: w.Calls, Deferred: w.Deferred, OpaqueKeyType: v.OpaqueType}
}

func (e *eachKeyTag) Docs() TagDoc {
	return TagDoc{
		Tag:         eachKeyTagName,
		Stability:   TagStable,
		Scopes:      sortedScopes(listScopes...),
		Description: "Declares a validation for each key in a map.",
		Payloads: []TagPayloadDoc{{
			Description: "<validation-tag>",
			Docs:        "The tag to evaluate for each key.",
		}},
		PayloadsType:     codetags.ValueTag,
		PayloadsRequired: true,
	}
}

// ForEachVal returns fn made to run on each value of t, the list or map
// at fldPath (t as declared: a defined type, not its underlying one).
func (r *Registry) ForEachVal(fldPath *field.Path, t *model.Type, fn Call) (Validations, error) {
	ev, ok := validatorOf[*eachValTag](r, eachValTagName)
	if !ok {
		ev = &eachValTag{reg: r}
	}
	return ev.wrap(fldPath, t, Validations{Calls: []Call{fn}})
}

// ForEachKey returns fn made to run on each key of the map type t.
func (r *Registry) ForEachKey(_ *field.Path, t *model.Type, fn Call) (Validations, error) {
	if NativeType(t).Kind != model.Map {
		return Validations{}, fmt.Errorf("non-iterable type: %v", t.Name.String())
	}
	return wrapKeys(t, Validations{Calls: []Call{fn}}), nil
}

// PtrSliceNoNils is the check, not asked for by any tag, that the engine
// puts first on []*T fields: no element may be nil.
func PtrSliceNoNils(elem model.Name) Call {
	return NewCall("PtrSliceNoNils", ShortCircuit, ValidateFunc("PtrSliceNoNils")).WithTypeArgs(elem)
}
