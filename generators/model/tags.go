package model

import (
	"cmp"
	"fmt"
	"go/token"
	"strings"
)

// Tag is one comment tag, a comment line of the form
//
//	+name
//	+name=value
//	+name(args)=value
//
// The name starts with a letter or underscore and goes on with letters,
// digits and "_.-:". Values are kept raw: everything after "=" up to the
// last non-space character.
type Tag struct {
	Name    string
	Args    string // text inside the parentheses
	HasArgs bool
	Value   string
	Pos     token.Position
	// Err is set when the line starts like a tag but does not parse; it is
	// reported by whoever reads a tag of this name.
	Err error
}

// String spells the tag as it appears in source, without the comment marker.
func (t Tag) String() string {
	s := "+" + t.Name
	if t.HasArgs {
		s += "(" + t.Args + ")"
	}
	if t.Value != "" {
		s += "=" + t.Value
	}
	return s
}

// Errorf returns an error positioned at the tag.
func (t Tag) Errorf(format string, args ...any) error {
	return PosErrorf(t.Pos, format, args...)
}

// TagValue is one value of a comment tag as upstream's generic reader
// (gengo's ExtractCommentTags) takes it, and the line it is on.
type TagValue struct {
	Value string
	Line  Line
}

// ExtractTags reads "+key=value" and "+key" lines as upstream's generic
// comment-tag reader does: the key is everything up to the first "="
// (parentheses and all: "+protobuf.options.(gogoproto.stringer)=false"
// has key "protobuf.options.(gogoproto.stringer)"), the value everything
// after it; a key keeps its values in order.
func ExtractTags(lines []Line) map[string][]TagValue {
	out := map[string][]TagValue{}
	for _, l := range lines {
		s := strings.Trim(l.Text, " ")
		if !strings.HasPrefix(s, "+") {
			continue
		}
		key, value, _ := strings.Cut(s[1:], "=")
		out[key] = append(out[key], TagValue{Value: value, Line: l})
	}
	return out
}

// ParseTags returns the tags among lines, in order.
func ParseTags(lines []Line) []Tag {
	var tags []Tag
	for _, l := range lines {
		if t, ok := parseTag(l); ok {
			tags = append(tags, t)
		}
	}
	return tags
}

// FindTags returns the tags called name among lines, in order.
func FindTags(lines []Line, name string) []Tag {
	var out []Tag
	for _, t := range ParseTags(lines) {
		if t.Name == name {
			out = append(out, t)
		}
	}
	return out
}

func parseTag(l Line) (Tag, bool) {
	s := strings.TrimLeft(l.Text, " \t")
	if !strings.HasPrefix(s, "+") {
		return Tag{}, false
	}
	s = strings.TrimRight(s[1:], " \t")
	end := 0
	for end < len(s) && isTagNameByte(s[end], end == 0) {
		end++
	}
	if end == 0 {
		return Tag{}, false
	}
	t := Tag{Name: s[:end], Pos: l.Pos}
	rest := s[end:]
	if strings.HasPrefix(rest, "(") {
		close := strings.IndexByte(rest, ')')
		if close < 0 {
			t.Err = t.Errorf("tag +%s: unclosed '(' in %q", t.Name, l.Text)
			return t, true
		}
		t.Args, t.HasArgs = rest[1:close], true
		rest = rest[close+1:]
	}
	switch {
	case rest == "":
	case rest[0] == '=':
		t.Value = strings.TrimSpace(rest[1:])
	default:
		t.Err = t.Errorf("tag +%s: expected '=' after the tag name, found %q", t.Name, rest)
	}
	return t, true
}

func isTagNameByte(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		return true
	case first:
		return false
	}
	return c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':'
}

// PosError is an error that points at a place in the source.
type PosError struct {
	Pos token.Position
	Msg string
}

func (e *PosError) Error() string {
	if !e.Pos.IsValid() {
		return e.Msg
	}
	return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
}

// ComparePos orders positions by file, line and column.
func ComparePos(a, b token.Position) int {
	return cmp.Or(strings.Compare(a.Filename, b.Filename), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
}

// PosErrorf returns a *PosError at pos.
func PosErrorf(pos token.Position, format string, args ...any) error {
	return &PosError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
