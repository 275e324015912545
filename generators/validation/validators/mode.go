package validators

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// Modes: +k8s:modeDiscriminator marks the field whose value selects a
// mode, +k8s:ifMode(mode)=<tag> validates a field with <tag> in that
// mode; in modes it is not mentioned for, the field is forbidden. One
// struct may have several modalities (discriminators), by name.

const (
	modeDiscriminatorTagName = "k8s:modeDiscriminator"
	ifModeTagName            = "k8s:ifMode"
)

func init() {
	register(
		func() TagValidator { return &modeDiscriminatorTag{modes: modeState{}} },
		func() TagValidator { return &ifModeTag{modes: modeState{}} },
	)
}

var modalityName = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*$`)

// modeState holds the modalities of each struct, by the struct's path,
// then by modality name ("default" for the unnamed one).
type modeState map[string]map[string]*modality

type modality struct {
	discriminator *model.Member
	fields        map[string]*modeField // by Go name
}

// modeField is what +k8s:ifMode says about one field.
type modeField struct {
	member *model.Member
	rules  []modeRule // in tag order
}

type modeRule struct {
	mode      string
	v         Validations
	stability Stability
}

func (s modeState) get(path *field.Path, name string) *modality {
	if name == "" {
		name = "default"
	}
	key := path.String()
	if s[key] == nil {
		s[key] = map[string]*modality{}
	}
	m := s[key][name]
	if m == nil {
		m = &modality{fields: map[string]*modeField{}}
		s[key][name] = m
	}
	return m
}

// modalityOf reads the modality argument of a mode tag: "" names the
// unnamed modality, which is kept as "default".
func modalityOf(tag codetags.Tag) (string, error) {
	a, _ := tag.Named("modality")
	if a.Value == "default" {
		return "", fmt.Errorf("discriminator group name %q is reserved", a.Value)
	}
	return a.Value, nil
}

// runModes returns the mode state of the run's +k8s:ifMode validator,
// shared with +k8s:modeDiscriminator, or own when there is none.
func runModes(cfg Config, own modeState) modeState {
	if m, ok := validatorOf[*ifModeTag](cfg.Extractor, ifModeTagName); ok && m.modes != nil {
		return m.modes
	}
	return own
}

type modeDiscriminatorTag struct{ modes modeState }

func (d *modeDiscriminatorTag) Init(cfg Config)      { d.modes = runModes(cfg, d.modes) }
func (d *modeDiscriminatorTag) TagName() string      { return modeDiscriminatorTagName }
func (d *modeDiscriminatorTag) ValidScopes() []Scope { return []Scope{ScopeField} }

func (d *modeDiscriminatorTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	if NativeType(ctx.Type).Kind == model.Pointer {
		return Validations{}, errors.New("can only be used on non-pointer types")
	}
	if t := NonPointer(NativeType(ctx.Type)); !isBuiltin(t, "string") && !isBuiltin(t, "bool") {
		return Validations{}, fmt.Errorf("can only be used on string or bool types (%s)", typeAndNative(ctx.Type, t))
	}
	name, err := modalityOf(tag)
	if err != nil {
		return Validations{}, err
	}
	if name != "" && !modalityName.MatchString(name) {
		return Validations{}, fmt.Errorf("discriminator group name must match %s, got %q", modalityName, name)
	}
	m := d.modes.get(ctx.ParentPath, name)
	if m.discriminator != nil && m.discriminator != ctx.Member {
		return Validations{}, fmt.Errorf("duplicate discriminator: %q", name)
	}
	m.discriminator = ctx.Member
	return Validations{}, nil // +k8s:ifMode's deferred work emits the checks
}

func (d *modeDiscriminatorTag) Docs() TagDoc {
	return TagDoc{
		Tag:         modeDiscriminatorTagName,
		Stability:   TagStable,
		Scopes:      []Scope{ScopeField},
		Description: "Indicates that this field is a discriminator for state-based validation.",
		Args: []TagArgDoc{{
			Name:        "modality",
			Description: "<string>",
			Docs:        "the name of the discriminator group, if more than one exists",
			Type:        codetags.ArgString,
		}},
	}
}

type ifModeTag struct {
	modes     modeState
	extractor *Registry
}

func (m *ifModeTag) Init(cfg Config)      { m.extractor = cfg.Extractor }
func (m *ifModeTag) TagName() string      { return ifModeTagName }
func (m *ifModeTag) ValidScopes() []Scope { return []Scope{ScopeField} }

func (m *ifModeTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	if tag.ValueTag == nil {
		return Validations{}, errors.New("missing required payload")
	}
	name, err := modalityOf(tag)
	if err != nil {
		return Validations{}, err
	}
	var mode string
	if a, ok := tag.Named("mode"); ok {
		mode = a.Value
	} else if len(tag.Args) > 0 && tag.Args[0].Name == "" {
		mode = tag.Args[0].Value
	} else {
		return Validations{}, errors.New("missing required mode")
	}
	if ctx.Member == nil {
		return Validations{}, errors.New("can only be used on struct fields")
	}
	group := m.modes.get(ctx.ParentPath, name)
	f := group.fields[ctx.Member.Name]
	if f == nil {
		f = &modeField{member: ctx.Member}
		group.fields[ctx.Member.Name] = f
	} else if f.member != ctx.Member {
		return Validations{}, fmt.Errorf("internal error: member mismatch for field %q", ctx.Member.Name)
	}
	v, err := m.extractor.ExtractValidations(ctx, *tag.ValueTag)
	if err != nil {
		return Validations{}, err
	}
	f.rules = append(f.rules, modeRule{mode: mode, v: v, stability: ctx.Stability})

	var out Validations
	out.AddDeferred(deferredAt(tag, ParentContext, func() (Validations, error) { return m.modes.checks(ctx) }))
	return out, nil
}

func (m *ifModeTag) Docs() TagDoc {
	return TagDoc{
		Tag:         ifModeTagName,
		Stability:   TagStable,
		Scopes:      []Scope{ScopeField},
		Description: "Indicates that this field's validation depends on a mode discriminator.",
		Args: []TagArgDoc{{
			Description: "<string>",
			Docs:        "the value of the mode discriminator for which this validation applies",
			Type:        codetags.ArgString,
		}, {
			Name:        "modality",
			Description: "<string>",
			Docs:        "the name of the discriminator group",
			Type:        codetags.ArgString,
		}, {
			Name:        "mode",
			Description: "<string>",
			Docs:        "the mode value for which this validation applies",
			Type:        codetags.ArgString,
		}},
		PayloadsType:     codetags.ValueTag,
		PayloadsRequired: true,
	}
}

// checks returns the checks of every modality of the struct holding the
// field at ctx, the first time they are asked for: one call per field,
// modalities and fields in name order.
func (s modeState) checks(ctx Context) (Validations, error) {
	if ctx.ParentType == nil || NonPointer(NativeType(ctx.ParentType)).Kind != model.Struct {
		return Validations{}, nil
	}
	key := ctx.ParentPath.String()
	groups := s[key]
	if len(groups) == 0 {
		return Validations{}, nil
	}
	delete(s, key)
	var out Validations
	for _, gn := range slices.Sorted(maps.Keys(groups)) {
		g := groups[gn]
		if g.discriminator == nil {
			if len(g.fields) == 0 {
				continue
			}
			if gn == "default" {
				return Validations{}, errors.New("missing discriminator")
			}
			return Validations{}, fmt.Errorf("missing discriminator for group %q", gn)
		}
		for _, fn := range slices.Sorted(maps.Keys(g.fields)) {
			v, err := modeCheck(ctx.ParentType, g, g.fields[fn])
			if err != nil {
				return Validations{}, err
			}
			out.Add(v)
		}
	}
	return out, nil
}

// modeCheck is the validate.Discriminated call of one field: the rules of
// each mode it is mentioned for, and Forbidden for the others.
func modeCheck(structT *model.Type, g *modality, f *modeField) (Validations, error) {
	fieldT, amp := f.member.Type, ""
	if !IsNilable(fieldT) {
		fieldT, amp = PointerTo(fieldT), "&"
	}
	json := JSONName(f.member)
	forbidden, err := forbiddenWrapper(f.member.Type, "."+json)
	if err != nil {
		return Validations{}, err
	}

	// Each rule's calls carry the rule's stability; rules of one mode are
	// merged, modes in first-mention order (sorted below).
	byMode := map[string]*Validations{}
	var modes []string
	for _, r := range f.rules {
		if byMode[r.mode] == nil {
			byMode[r.mode] = &Validations{}
			modes = append(modes, r.mode)
		}
		v := r.v
		v.Calls = withStability(v.Calls, r.stability)
		byMode[r.mode].Add(v)
	}
	slices.Sort(modes)

	// Forbidden carries the rules' stability when they all agree.
	level := f.rules[0].stability
	for _, r := range f.rules[1:] {
		if r.stability != level {
			level = ""
			break
		}
	}
	forbidden.Functions = withStability(forbidden.Functions, level)

	discT := g.discriminator.Type
	ruleName := ValidateFunc("DiscriminatedRule")
	var rules []any
	for _, mode := range modes {
		value, err := modeValue(mode, discT)
		if err != nil {
			return Validations{}, fmt.Errorf("invalid discriminator value %q: %w", mode, err)
		}
		rules = append(rules, StructLiteral{
			Type:     ruleName,
			TypeArgs: []*model.Type{fieldT, discT},
			Fields: []StructField{
				{Name: "Value", Value: value},
				{Name: "Validation", Value: MultiWrapperFunction{
					Functions:    byMode[mode].Calls,
					ObjType:      fieldT,
					PathFragment: "." + json,
				}},
			},
		})
	}
	ptr := PointerTo(structT)
	call := NewCall(modeDiscriminatorTagName, 0, ValidateFunc("Discriminated"),
		Literal(fmt.Sprintf("%q", json)),
		FunctionLiteral{
			Params:  []Param{{Name: "obj", Type: ptr}},
			Results: []Param{{Type: fieldT}},
			Body:    fmt.Sprintf("return %sobj.%s", amp, f.member.Name),
		},
		FunctionLiteral{
			Params:  []Param{{Name: "obj", Type: ptr}},
			Results: []Param{{Type: discT}},
			Body:    fmt.Sprintf("return obj.%s", g.discriminator.Name),
		},
		equivalence(f.member.Type),
		forbidden,
		SliceLiteral{ElementType: ruleName, ElementTypeArgs: []*model.Type{fieldT, discT}, Elements: rules},
	)
	// The wrapped calls carry their stability; wrappers must not change it.
	call.StabilitySelfManaged = true
	var v Validations
	v.AddCall(call)
	return v, nil
}

// forbiddenWrapper is the validation of a field in the modes that do not
// mention it.
func forbiddenWrapper(t *model.Type, pathFragment string) (MultiWrapperFunction, error) {
	var fn string
	switch NativeType(t).Kind {
	case model.Slice:
		fn = "ForbiddenSlice"
	case model.Map:
		fn = "ForbiddenMap"
	case model.Pointer:
		fn = "ForbiddenPointer"
	case model.Struct:
		return MultiWrapperFunction{}, errors.New("discriminated member fields of struct type must be pointers")
	default:
		fn = "ForbiddenValue"
	}
	obj := t
	if !IsNilable(t) {
		obj = PointerTo(t)
	}
	c := NewCall(forbiddenTagName, 0, ValidateFunc(fn)).WithEmits(Emission{Type: field.ErrorTypeForbidden})
	return MultiWrapperFunction{Functions: []Call{c}, ObjType: obj, PathFragment: pathFragment}, nil
}

// modeValue is a mode as a value of the discriminator's type.
func modeValue(mode string, discT *model.Type) (any, error) {
	nt := NonPointer(NativeType(discT))
	switch {
	case isBuiltin(nt, "string"):
		return mode, nil
	case isBuiltin(nt, "bool"):
		switch mode {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("cannot parse %q as bool: %q is not a valid bool value", mode, mode)
	}
	return nil, fmt.Errorf("unsupported discriminator type: %s", nt.Name.Name)
}
