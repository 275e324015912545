package codetags

import (
	"go/token"
	"strings"
	"unicode/utf8"

	"github.com/kubegen/kubegen/generators/model"
)

// Line is one comment line as gengo sees it (comment markers and the one
// space after "//" removed) with the position of its first byte.
type Line struct {
	Text string
	Pos  token.Position
}

// FromModel converts the loader's comment lines to Lines positioned at
// their text. The loader (generators/load) gives a comment's first line
// the position of its marker ("//" or "/*") and a block comment's later
// lines column 1 (with the marker's offset); it drops the one space after
// "//". read returns a file's content (os.ReadFile, or a cached one), to
// tell "// +tag" from "//+tag" and mend the offsets; with a nil read, or
// when a file cannot be read, every line is taken to follow "// ".
// A caller converting many comments uses a [Reader], which indexes each
// file once.
func FromModel(lines []model.Line, read func(filename string) ([]byte, error)) []Line {
	return NewReader(read).Lines(lines)
}

// Reader converts comment lines as FromModel does, reading and indexing
// each file once. It is not safe for concurrent use.
type Reader struct {
	read  func(string) ([]byte, error)
	files map[string]*file
}

// NewReader returns a Reader over read (see FromModel).
func NewReader(read func(filename string) ([]byte, error)) *Reader {
	return &Reader{read: read, files: map[string]*file{}}
}

// Lines converts lines (see FromModel).
func (r *Reader) Lines(lines []model.Line) []Line {
	out := make([]Line, len(lines))
	for i, l := range lines {
		pos := l.Pos
		src, lineStarts := fileOf(pos.Filename, r.read, r.files)
		if pos.Line < 1 || pos.Line > len(lineStarts) {
			pos.Column += 3
			pos.Offset += 3
			out[i] = Line{Text: l.Text, Pos: pos}
			continue
		}
		off := lineStarts[pos.Line-1] + pos.Column - 1
		if pos.Offset == off { // a marker: skip it
			skip := 2
			if strings.HasPrefix(string(src[off:min(off+3, len(src))]), "// ") {
				skip = 3
			}
			off += skip
			pos.Column += skip
		}
		pos.Offset = off
		out[i] = Line{Text: l.Text, Pos: pos}
	}
	return out
}

type file struct {
	src    []byte
	starts []int // the offsets of its lines
}

func fileOf(name string, read func(string) ([]byte, error), files map[string]*file) ([]byte, []int) {
	if read == nil {
		return nil, nil
	}
	f, ok := files[name]
	if !ok {
		f = &file{}
		files[name] = f
		if src, err := read(name); err == nil {
			f.src, f.starts = src, []int{0}
			for i, c := range src {
				if c == '\n' {
					f.starts = append(f.starts, i+1)
				}
			}
		}
	}
	return f.src, f.starts
}

// Extracted is a line that starts with the prefix: Name is the tag name
// found after the prefix (possibly empty: "+", "+ x", "+1"), Text the
// rest of the line after the prefix (what Parse takes) and Pos the
// position of Text's first byte.
type Extracted struct {
	Name string
	Text string
	Pos  token.Position
}

// Extract returns, in order, the lines that start with prefix once
// leading spaces and tabs are skipped, as upstream's codetags.Extract
// selects them. Each line stands alone: there are no continuation lines,
// and "//" inside a line is text, not a comment.
func Extract(prefix string, lines []Line) []Extracted {
	var out []Extracted
	for _, l := range lines {
		if e, ok := extractLine(prefix, l); ok {
			out = append(out, e)
		}
	}
	return out
}

func extractLine(prefix string, l Line) (Extracted, bool) {
	s := strings.TrimLeft(l.Text, " \t")
	if !strings.HasPrefix(s, prefix) {
		return Extracted{}, false
	}
	skip := len(l.Text) - len(s) + len(prefix)
	pos := l.Pos
	pos.Column += skip
	pos.Offset += skip
	text := l.Text[skip:]
	return Extracted{Name: nameAt(text), Text: text, Pos: pos}, true
}

// nameAt returns the tag name text starts with ("" when it starts with
// no letter or '_').
func nameAt(text string) string {
	if r, _ := utf8.DecodeRuneInString(text); !identBegin(r) {
		return ""
	}
	if i := strings.IndexFunc(text, func(r rune) bool { return !tagNameRune(r) }); i >= 0 {
		return text[:i]
	}
	return text
}

// Group returns the extracted lines by name, each name's lines in order,
// and the names in order of first appearance: upstream's map, ordered.
func Group(ex []Extracted) (names []string, byName map[string][]Extracted) {
	byName = map[string][]Extracted{}
	for _, e := range ex {
		if _, seen := byName[e.Name]; !seen {
			names = append(names, e.Name)
		}
		byName[e.Name] = append(byName[e.Name], e)
	}
	return names, byName
}

// ParseAll parses extracted lines in order and stops at the first error,
// as validation-gen reads each tag name's lines.
func ParseAll(ex []Extracted, opts ...Option) ([]Tag, error) {
	out := make([]Tag, 0, len(ex))
	for _, e := range ex {
		t, err := Parse(e.Text, e.Pos, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
