package validators

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// +k8s:item(key: value, ...)=<tag> validates the item of a list-map whose
// key fields have the given values.

const itemTagName = "k8s:item"

func init() { register(func() TagValidator { return &itemTag{lists: newListState()} }) }

type itemTag struct {
	extractor *Registry
	lists     *listState
}

func (it *itemTag) Init(cfg Config) {
	it.extractor = cfg.Extractor
	it.lists = runLists(cfg, it.lists)
}

func (it *itemTag) TagName() string      { return itemTagName }
func (it *itemTag) ValidScopes() []Scope { return listScopes }

// criterion is one "key: value" of the selector; value is a string, int
// or bool.
type criterion struct {
	key   string
	value any
}

func (it *itemTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	nt := NonPointer(NativeType(ctx.Type))
	if nt.Kind != model.Slice {
		return Validations{}, errors.New("can only be used on list types")
	}
	elem := NonPointer(NativeType(nt.Elem))
	fn := ValidateFunc("ValSliceItem")
	if nt.Elem.Kind == model.Pointer {
		fn = ValidateFunc("PtrSliceItem")
	}
	if elem.Kind != model.Struct {
		return Validations{}, errors.New("can only be used on lists of structs")
	}
	if tag.ValueType != codetags.ValueTag || tag.ValueTag == nil {
		return Validations{}, errors.New("requires a validation tag as its value payload")
	}
	criteria, err := criteriaOf(tag.Args)
	if err != nil {
		return Validations{}, err
	}
	if len(criteria) == 0 {
		return Validations{}, errors.New("no selection criteria was specified")
	}

	key := selectorKey(criteria)
	terms := make([]ListSelectorTerm, len(criteria))
	for i, c := range criteria {
		terms[i] = ListSelectorTerm{Field: c.key, Value: c.value}
	}
	sub := Context{
		Scope:        ScopeListVal,
		Type:         elem,
		Path:         ctx.Path.Key(key),
		ListSelector: terms,
		ParentPath:   ctx.Path,
		ParentType:   ctx.Type,
		Stability:    ctx.Stability,
	}
	inner, err := it.extractor.ExtractValidations(sub, *tag.ValueTag)
	if err != nil {
		return Validations{}, err
	}

	// The calls are wrapped once the list's keys are known (deferred):
	// each runs on the selected item.
	wrap := func(match FunctionLiteral, equiv Identifier, c Call) Call {
		w := NewCall(itemTagName, c.Flags, fn, match, equiv, WrapperFunction{Function: c, ObjType: elem})
		w.Cohort = key
		return w
	}
	out := inner
	out.Calls, out.Deferred = nil, nil
	if calls := inner.Calls; len(calls) > 0 {
		out.AddDeferred(deferredAt(tag, ThisContext, func() (Validations, error) {
			match, equiv, err := it.matchArgs(ctx, criteria, elem)
			if err != nil {
				return Validations{}, err
			}
			var v Validations
			for _, c := range calls {
				v.AddCall(wrap(match, equiv, c))
			}
			return v, nil
		}))
	}
	for _, d := range inner.Deferred {
		// What the nested tag meant for its parent (a union of items, say)
		// is about the list itself: it stays on this field, unwrapped.
		scope := d.Scope
		if scope == ParentContext {
			scope = ThisContext
		}
		out.AddDeferred(deferredAt(tag, scope, func() (Validations, error) {
			res, err := d.Run()
			if err != nil {
				return Validations{}, err
			}
			match, equiv, err := it.matchArgs(ctx, criteria, elem)
			if err != nil {
				return Validations{}, err
			}
			return mapCalls(res, func(c Call, s DeferredScope) Call {
				if s == ParentContext {
					return c
				}
				return wrap(match, equiv, c)
			}, d.Scope), nil
		}))
	}
	return out, nil
}

// matchArgs returns the function selecting the item and the function
// comparing old and new items. The criteria must name exactly the list's
// keys.
func (it *itemTag) matchArgs(ctx Context, criteria []criterion, elem *model.Type) (FunctionLiteral, Identifier, error) {
	li, ok := it.lists.byPath[ctx.Path.String()]
	if !ok && ctx.Scope == ScopeField {
		li, ok = it.lists.byPath[ctx.Type.Name.String()]
	}
	if !ok || li.semantic != "map" || len(li.keys) == 0 {
		return FunctionLiteral{}, Identifier{}, errors.New("found items with no list metadata - item tags require listType=map or unique=map with listMapKey")
	}
	if len(criteria) != len(li.keyNames) {
		return FunctionLiteral{}, Identifier{}, fmt.Errorf("number of arguments (%d) does not match number of listMapKey fields (%d)", len(criteria), len(li.keyNames))
	}
	var sorted []criterion
	found := map[string]bool{}
	for _, k := range li.keyNames {
		for _, c := range criteria {
			if c.key != k {
				continue
			}
			if MemberByJSON(elem, c.key) == nil {
				return FunctionLiteral{}, Identifier{}, fmt.Errorf("no field with JSON name %q", c.key)
			}
			found[k] = true
			sorted = append(sorted, c)
			break
		}
	}
	if len(found) != len(li.keyNames) {
		missing := []string{}
		for _, k := range li.keyNames {
			if !found[k] {
				missing = append(missing, k)
			}
		}
		return FunctionLiteral{}, Identifier{}, fmt.Errorf("missing required listMapKey fields: %v", missing)
	}
	cond, err := matchConditions(elem, sorted, "item")
	if err != nil {
		return FunctionLiteral{}, Identifier{}, err
	}
	match := FunctionLiteral{
		Params:  []Param{{Name: "item", Type: PointerTo(elem)}},
		Results: []Param{{Type: builtinType("bool")}},
		Body:    "return " + cond,
	}
	return match, equivalence(elem), nil
}

// criteriaOf reads the selector from the tag's (named) arguments.
func criteriaOf(args []codetags.Arg) ([]criterion, error) {
	out := []criterion{}
	seen := map[string]bool{}
	for _, a := range args {
		if a.Name == "" {
			return nil, errors.New("all arguments must be named")
		}
		if seen[a.Name] {
			return nil, fmt.Errorf("duplicate argument: %q", a.Name)
		}
		seen[a.Name] = true
		v, err := argValue(a)
		if err != nil {
			return nil, fmt.Errorf("invalid value for argument %q: %w", a.Name, err)
		}
		out = append(out, criterion{key: a.Name, value: v})
	}
	return out, nil
}

func argValue(a codetags.Arg) (any, error) {
	switch a.Type {
	case codetags.ArgString:
		return a.Value, nil
	case codetags.ArgInt:
		n, err := parseCanonicalInt(a.Value)
		if err != nil {
			return nil, fmt.Errorf("invalid integer: %w", err)
		}
		return n, nil
	case codetags.ArgBool:
		switch a.Value {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("invalid boolean: %q is not a valid bool value", a.Value)
	}
	return nil, fmt.Errorf("unsupported argument type: %q", a.Type)
}

// matchConditions is the Go condition that ref (an item) matches the
// criteria, in their order.
func matchConditions(elem *model.Type, criteria []criterion, ref string) (string, error) {
	var conds []string
	for _, c := range criteria {
		m := MemberByJSON(elem, c.key)
		if m == nil {
			return "", fmt.Errorf("no field with JSON name %q", c.key)
		}
		rhs, err := literalFor(m, c.value)
		if err != nil {
			return "", err
		}
		if m.Type.Kind == model.Pointer {
			conds = append(conds, fmt.Sprintf("%s.%s != nil && *%s.%s == %s", ref, m.Name, ref, m.Name, rhs))
		} else {
			conds = append(conds, fmt.Sprintf("%s.%s == %s", ref, m.Name, rhs))
		}
	}
	return strings.Join(conds, " && "), nil
}

// literalFor spells value as a Go literal for field m, whose type must
// be a string, bool or integer matching the value.
func literalFor(m *model.Member, value any) (string, error) {
	t := NonPointer(NativeType(m.Type))
	switch {
	case isBuiltin(t, "string"):
		s, ok := value.(string)
		if !ok {
			return "", fmt.Errorf("type mismatch, field is string but value is not: %v", value)
		}
		return fmt.Sprintf("%q", s), nil
	case isBuiltin(t, "bool"):
		b, ok := value.(bool)
		if !ok {
			return "", fmt.Errorf("type mismatch, field is bool but value is not: %v", value)
		}
		return fmt.Sprintf("%t", b), nil
	case isInteger(t):
		n, ok := value.(int)
		if !ok {
			return "", fmt.Errorf("type mismatch, field is int but value is not: %v", value)
		}
		return fmt.Sprintf("%d", n), nil
	}
	return "", fmt.Errorf("unsupported type %s for field %s", GengoName(t), m.Name)
}

// selectorKey spells the selector as the item's path key:
// {"key": "value", "n": 42, "b": true}.
func selectorKey(criteria []criterion) string {
	parts := make([]string, len(criteria))
	for i, c := range criteria {
		var v string
		switch x := c.value.(type) {
		case string:
			v = fmt.Sprintf("%q", x)
		default:
			v = fmt.Sprint(x)
		}
		parts[i] = fmt.Sprintf("%q: %s", c.key, v)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func (it *itemTag) Docs() TagDoc {
	return TagDoc{
		Tag:       itemTagName,
		Stability: TagStable,
		Scopes:    listScopes,
		Description: "Declares a validation for an item of a slice declared as a +k8s:listType=map. " +
			"The item to match is declared by providing field-value pair arguments. All key fields must be specified.",
		Usage: "+k8s:item(stringKey: \"value\", intKey: 42, boolKey: true)=<validation-tag>",
		Docs: "Arguments must be named with the JSON names of the list-map key fields. " +
			"Values can be strings, integers, or booleans. " +
			"For example: +k8s:item(name: \"myname\", priority: 10, enabled: true)=<chained-validation-tag>",
		AcceptsUnknownArgs: true,
		Payloads: []TagPayloadDoc{{
			Description: "<validation-tag>",
			Docs:        "The tag to evaluate for the matching list item.",
		}},
		PayloadsType:     codetags.ValueTag,
		PayloadsRequired: true,
	}
}
