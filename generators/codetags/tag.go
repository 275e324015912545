package codetags

import (
	"go/token"
	"strconv"
	"strings"
)

// ValueType says what follows a tag's "=".
type ValueType string

// The value types. The spellings are upstream's, so that a validator's
// declared payload type reads the same in both.
const (
	ValueNone   ValueType = ""       // no "=" (or "name(args)=" with nothing after it)
	ValueString ValueType = "string" // a word or a quoted string (Value is unquoted)
	ValueInt    ValueType = "int"    // an integer, spelled as written ("0x1F", "-5")
	ValueBool   ValueType = "bool"   // true or false
	ValueTag    ValueType = "tag"    // "=+other…": ValueTag holds the tag
	ValueRaw    ValueType = "raw"    // Raw mode: the text after "=", untouched
)

// ArgType is the type of one argument.
type ArgType string

// The argument types (upstream's spellings).
const (
	ArgString ArgType = "string" // a word or a quoted string (Value is unquoted)
	ArgInt    ArgType = "int"    // an integer, spelled as written
	ArgBool   ArgType = "bool"   // true or false
)

// Tag is one parsed tag: name, arguments and value.
type Tag struct {
	Name string
	Args []Arg // nil without arguments (also for "name()")

	ValueType ValueType
	Value     string // for every ValueType but ValueNone and ValueTag
	ValueTag  *Tag   // for ValueTag: the tag after "=+"

	Pos      token.Position // the first letter of Name
	ValuePos token.Position // the first character after "="; for ValueTag the tag's name
}

// Arg is one argument of a tag. Name is empty for the positional one.
type Arg struct {
	Name  string
	Value string
	Type  ArgType
	Pos   token.Position // the first character of the argument (its name, if it has one)
}

// Positional returns the positional argument, if the tag has one.
func (t Tag) Positional() (Arg, bool) {
	if len(t.Args) == 1 && t.Args[0].Name == "" {
		return t.Args[0], true
	}
	return Arg{}, false
}

// Named returns the first argument called name.
func (t Tag) Named(name string) (Arg, bool) {
	for _, a := range t.Args {
		if name != "" && a.Name == name {
			return a, true
		}
	}
	return Arg{}, false
}

// String spells the tag in a normal form, without the extraction prefix:
// strings double-quoted, ", " between arguments, ": " after a name. A
// parsed String() parses back to the same tag (positions aside); a raw
// value is written as it is. (Like upstream's, it quotes with
// strconv.Quote, whose escapes other than \" and \\ the parser rejects: a
// string holding a tab, newline or other unprintable character does not
// parse back.)
func (t Tag) String() string {
	var b strings.Builder
	b.WriteString(t.Name)
	if len(t.Args) > 0 {
		b.WriteByte('(')
		for i, a := range t.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.String())
		}
		b.WriteByte(')')
	}
	switch t.ValueType {
	case ValueNone:
	case ValueTag:
		b.WriteString("=+" + t.ValueTag.String())
	case ValueString:
		b.WriteString("=" + strconv.Quote(t.Value))
	default:
		b.WriteString("=" + t.Value)
	}
	return b.String()
}

// String spells the argument as Tag.String does.
func (a Arg) String() string {
	v := a.Value
	if a.Type == ArgString {
		v = strconv.Quote(v)
	}
	if a.Name != "" {
		return a.Name + ": " + v
	}
	return v
}
