// Package markers is controller-gen's comment-marker language, as
// controller-tools v0.23.0 defines it: which marker definitions exist
// (a Registry), which definition a comment line means, and how its
// arguments parse into values.
//
// A marker is a "//" comment line starting with "+": "+name",
// "+name=value" or "+name:arg=value,arg2=value". A definition is looked
// up by the text before the first "=" whole, and then by that text
// without its last ":"-element (so "+kubebuilder:validation:MaxLength=5"
// finds the definition "kubebuilder:validation:MaxLength", and
// "+kubebuilder:printcolumn:name=Age,type=date" finds
// "kubebuilder:printcolumn" with the arguments "name=Age,type=date").
//
// Values, as Parse returns them:
//
//   - a definition with one unnamed argument (Args has only the key ""):
//     that argument's value;
//   - a definition with named arguments: an Args map of the arguments
//     given (absent optional ones are not in it);
//   - a definition without arguments: an empty Args.
//
// Argument values by Kind: Int is int, Number float64, String and Raw
// string, Bool bool, Slice []any, Map map[string]any; Any is whichever of
// those controller-gen's guess gives for the text (a quoted string, a
// number, true/false, "{…}" a slice or a map, "a;b" a slice, otherwise a
// bare string).
package markers

// Target is what a marker stands on.
type Target int

const (
	Package Target = iota
	Type
	Field
)

func (t Target) String() string { return [...]string{"package", "type", "field"}[t] }

// Kind is the type of an argument.
type Kind int

const (
	Invalid Kind = iota
	Int
	Number
	String
	Bool
	Any
	Slice
	Map
	Raw // the rest of the text, unparsed
)

// Arg describes one argument.
type Arg struct {
	Kind     Kind
	Optional bool // may be left out
	Item     *Arg // the element of a Slice, the value of a Map
}

// Def is one marker definition.
type Def struct {
	Name   string
	Target Target
	// Args are the arguments by name; the single unnamed argument of a
	// "+name=value" marker has the name "".
	Args map[string]Arg
	// Custom, if set, parses the value instead of the grammar: it gets
	// the text after the first "=" ("" if there is none) and the name as
	// written before it.
	Custom func(written, value string) (any, error)
}

// Registry holds the definitions of one run, by target and name.
type Registry struct {
	byTarget [3]map[string]*Def
}

// Add adds definitions; a later one replaces an earlier one of the same
// name and target.
func (r *Registry) Add(defs ...*Def) {
	for _, d := range defs {
		if r.byTarget[d.Target] == nil {
			r.byTarget[d.Target] = map[string]*Def{}
		}
		r.byTarget[d.Target][d.Name] = d
	}
}
