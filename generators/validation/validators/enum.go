package validators

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// k8s:enum on a string type makes its constants the only valid values:
//
//	var symbolsForT = sets.New(A, B)
//	... validate.Enum(ctx, op, fldPath, obj, oldObj, symbolsForT, exclusionsForT or nil)
//
// A constant tagged k8s:enumExclude is left out; one tagged
// k8s:ifEnabled(X)=+k8s:enumExclude (or ifDisabled) is left out at run
// time, by an EnumExclusion entry.

func init() {
	register(func() TagValidator { return &enumTag{} })
	register(func() TagValidator { return enumExcludeTag{} })
}

const (
	enumTagName        = "k8s:enum"
	enumExcludeTagName = "k8s:enumExclude"
)

var (
	setsNewFunc       = model.Name{Package: "k8s.io/apimachinery/pkg/util/sets", Name: "New"}
	enumExclusionType = model.Name{Package: validatePkg, Name: "EnumExclusion"}
)

// enumExcludeTag only marks constants; enumTag reads the marks.
type enumExcludeTag struct{}

func (enumExcludeTag) Init(Config)          {}
func (enumExcludeTag) TagName() string      { return enumExcludeTagName }
func (enumExcludeTag) ValidScopes() []Scope { return []Scope{ScopeConst} }

func (enumExcludeTag) GetValidations(Context, codetags.Tag) (Validations, error) {
	return Validations{}, nil
}

func (enumExcludeTag) Docs() TagDoc {
	return TagDoc{
		Tag:       enumExcludeTagName,
		Stability: TagAlpha,
		Scopes:    []Scope{ScopeConst},
		Description: `Indicates that an constant value is not part of an enum, even if the constant's type is tagged with k8s:enum.
May be conditionally excluded via +k8s:ifEnabled(Option)=+k8s:enumExclude or +k8s:ifDisabled(Option)=+k8s:enumExclude.
If multiple +k8s:ifEnabled/+k8s:ifDisabled tags are used, the value is excluded if any of the exclude conditions are met.`,
	}
}

type enumTag struct {
	cfg Config
	// constPkg maps each constant of the run's packages to its package,
	// built on first use.
	constPkg map[*model.Const]string
}

func (e *enumTag) Init(cfg Config)    { e.cfg = cfg; e.constPkg = nil }
func (*enumTag) TagName() string      { return enumTagName }
func (*enumTag) ValidScopes() []Scope { return []Scope{ScopeType} }

func (*enumTag) Docs() TagDoc {
	return TagDoc{
		Tag:         enumTagName,
		Stability:   TagStable,
		Scopes:      []Scope{ScopeType},
		Description: "Indicates that a string type is an enum. All constant values of this type are considered values in the enum unless excluded using +k8s:enumExclude.",
	}
}

// enumMember is one value of the enum.
type enumMember struct {
	name    model.Name // the constant
	value   string
	comment string
	// exclusions: the value is left out when an option is on
	// (whenEnabled) or off.
	exclusions []enumExclusion
}

type enumExclusion struct {
	whenEnabled bool
	option      string
}

// better reports whether m should stand for its value rather than o (two
// constants with one value, as when a package re-exports another's): the
// longer comment wins, then the smaller comment, then the smaller name.
func (m *enumMember) better(o *enumMember) bool {
	if len(m.comment) != len(o.comment) {
		return len(m.comment) > len(o.comment)
	}
	if m.comment != o.comment {
		return m.comment < o.comment
	}
	if m.name.Name != o.name.Name {
		return m.name.Name < o.name.Name
	}
	return m.name.Package < o.name.Package
}

func (e *enumTag) GetValidations(ctx Context, _ codetags.Tag) (Validations, error) {
	// Defined types over pointers are not supported: no NonPointer here.
	if t := NativeType(ctx.Type); !isBuiltin(t, "string") {
		return Validations{}, fmt.Errorf("can only be used on string types (%s)", typeAndNative(ctx.Type, t))
	}

	var members []*enumMember
	byValue := map[string]int{}
	for _, c := range ctx.Constants {
		m, excluded := e.member(c)
		if excluded {
			continue
		}
		if i, dup := byValue[m.value]; dup {
			if m.better(members[i]) {
				members[i] = m
			}
			continue
		}
		byValue[m.value] = len(members)
		members = append(members, m)
	}
	slices.SortFunc(members, func(a, b *enumMember) int { return cmp.Compare(a.name.Name, b.name.Name) })

	typeName := ctx.Type.Name.Name
	symbols := PrivateVar{Package: "local", Name: "SymbolsFor" + typeName}
	var values, rules []any
	for _, m := range members {
		values = append(values, Identifier(m.name))
		for _, x := range m.exclusions {
			rules = append(rules, StructLiteral{
				Type:     enumExclusionType,
				TypeArgs: []*model.Type{ctx.Type},
				Fields: []StructField{
					{Name: "Value", Value: Identifier(m.name)},
					{Name: "Option", Value: x.option},
					{Name: "ExcludeWhen", Value: x.whenEnabled},
				},
			})
		}
	}

	var out Validations
	init := NewCall("setsNew", 0, setsNewFunc, values...)
	if len(values) == 0 {
		// sets.New() needs its type spelled out.
		init = init.WithTypeArgs(ctx.Type.Name)
	}
	out.AddVariable(Variable{Name: symbols, Init: init})
	var exclusions any = Literal("nil")
	if len(rules) > 0 {
		v := PrivateVar{Package: "local", Name: "ExclusionsFor" + typeName}
		out.AddVariable(Variable{Name: v, Init: SliceLiteral{
			ElementType:     enumExclusionType,
			ElementTypeArgs: []*model.Type{ctx.Type},
			Elements:        rules,
		}})
		exclusions = v
	}
	out.AddCall(NewCall(enumTagName, 0, ValidateFunc("Enum"), symbols, exclusions).
		WithEmits(Emission{Type: field.ErrorTypeNotSupported}))
	return out, nil
}

// member reads one constant: its value and the exclusions its tags ask
// for, or whether it is excluded outright.
func (e *enumTag) member(c *Constant) (*enumMember, bool) {
	m := &enumMember{
		name:    model.Name{Package: e.packageOf(c.Const), Name: c.Const.Name},
		value:   c.Const.Value,
		comment: strings.Join(c.Const.Doc.Texts(), " "),
	}
	for _, tag := range c.Tags {
		switch tag.Name {
		case enumExcludeTagName:
			return nil, true
		case ifEnabledTagName, ifDisabledTagName:
			if tag.ValueTag == nil || tag.ValueTag.Name != enumExcludeTagName {
				continue
			}
			if len(tag.Args) > 0 && tag.Args[0].Name == "" {
				m.exclusions = append(m.exclusions, enumExclusion{
					whenEnabled: tag.Name == ifEnabledTagName,
					option:      tag.Args[0].Value,
				})
			}
		}
	}
	// Exclusions on "off" first, then by option.
	slices.SortFunc(m.exclusions, func(a, b enumExclusion) int {
		if a.whenEnabled != b.whenEnabled {
			if a.whenEnabled {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.option, b.option)
	})
	return m, false
}

// packageOf returns the import path of the package declaring c; for a
// constant not found among the run's packages, that of its type.
func (e *enumTag) packageOf(c *model.Const) string {
	if e.constPkg == nil {
		e.constPkg = map[*model.Const]string{}
		if u := e.cfg.Universe; u != nil {
			add := func(p *model.Package) {
				if p == nil {
					return
				}
				for _, k := range p.Consts {
					e.constPkg[k] = p.Path
				}
			}
			for _, p := range u.Inputs {
				add(p)
			}
			for path := range e.cfg.InputToCanonical {
				add(u.Package(path))
			}
		}
	}
	if p, ok := e.constPkg[c]; ok {
		return p
	}
	if c.Type != nil {
		return c.Type.Name.Package
	}
	return ""
}
