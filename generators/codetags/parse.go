package codetags

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kubegen/kubegen/generators/model"
)

// Option changes how Parse reads a tag.
type Option func(*parser)

// Raw makes Parse keep the value as text: everything after the "=" (up
// to the last non-space character, "#" included) becomes a ValueRaw,
// which may be empty. Names and arguments are parsed as usual. This is
// how gengo reads the function-style tags (+default, +k8s:validation-gen,
// …); the validators' own tags are parsed without it.
func Raw() Option { return func(p *parser) { p.raw = true } }

// Parse parses one tag: text is the line after the extraction prefix
// (an Extracted's Text) and pos the position of its first byte. Space
// around the tag is ignored. The empty text is the tag with no name
// (upstream accepts it too); Extract yields it for a bare prefix.
//
// A failure is a *model.PosError at the offending character.
func Parse(text string, pos token.Position, opts ...Option) (Tag, error) {
	p := &parser{base: pos}
	for _, o := range opts {
		o(p)
	}
	p.src = strings.TrimRightFunc(text, unicode.IsSpace)
	p.i = len(p.src) - len(strings.TrimLeftFunc(p.src, unicode.IsSpace))
	if p.i == len(p.src) {
		return Tag{Pos: p.pos(p.i)}, nil
	}
	p.whole = p.src[p.i:]
	t, err := p.tag()
	if err != nil {
		return Tag{}, err
	}
	return *t, nil
}

// ParseLine extracts and parses the tag on one comment line: ok is false
// when the line is no tag with the prefix.
func ParseLine(prefix string, l Line, opts ...Option) (t Tag, ok bool, err error) {
	e, ok := extractLine(prefix, l)
	if !ok {
		return Tag{}, false, nil
	}
	t, err = Parse(e.Text, e.Pos, opts...)
	return t, true, err
}

type parser struct {
	src   string // the text, trailing space cut
	whole string // the tag as written (after the prefix), for messages
	i     int    // the next byte
	base  token.Position
	raw   bool
}

func (p *parser) pos(i int) token.Position {
	q := p.base
	q.Column += i
	q.Offset += i
	return q
}

// errorf reports a problem at byte i, naming the tag and saying what to
// write instead.
func (p *parser) errorf(i int, format string, args ...any) error {
	return model.PosErrorf(p.pos(i), "tag %q: %s", p.whole, fmt.Sprintf(format, args...))
}

// peek returns the next rune (-1 at the end) and its size.
func (p *parser) peek() (rune, int) {
	if p.i >= len(p.src) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(p.src[p.i:])
}

func (p *parser) at(c rune) bool { r, _ := p.peek(); return r == c }

func (p *parser) eof() bool { return p.i >= len(p.src) }

// unexpected describes the rune at p.i for an error.
func (p *parser) unexpected() string {
	if r, _ := p.peek(); r >= 0 {
		return fmt.Sprintf("%q", r)
	}
	return "end of line"
}

func (p *parser) skipSpace() {
	for r, n := p.peek(); unicode.IsSpace(r); r, n = p.peek() {
		p.i += n
	}
}

// scan consumes runes while ok holds and returns them.
func (p *parser) scan(ok func(rune) bool) string {
	start := p.i
	for r, n := p.peek(); r >= 0 && ok(r); r, n = p.peek() {
		p.i += n
	}
	return p.src[start:p.i]
}

func identBegin(r rune) bool { return unicode.IsLetter(r) || r == '_' }

func identRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-'
}

func tagNameRune(r rune) bool { return identRune(r) || r == ':' }

func numberBegin(r rune) bool { return r == '+' || r == '-' || unicode.IsDigit(r) }

// tag parses name, arguments and value, starting at a name.
func (p *parser) tag() (*Tag, error) {
	t := &Tag{Pos: p.pos(p.i)}
	if r, _ := p.peek(); !identBegin(r) {
		return nil, p.errorf(p.i, "a tag name must start with a letter or '_', not %s", p.unexpected())
	}
	t.Name = p.scan(tagNameRune)
	hasArgs := p.at('(')
	if hasArgs {
		open := p.i
		p.i++
		if err := p.args(t, open); err != nil {
			return nil, err
		}
	}
	if !p.at('=') {
		return t, p.trailer(t, "")
	}
	eq := p.i
	p.i++
	t.ValuePos = p.pos(p.i)
	if p.raw {
		t.ValueType, t.Value = ValueRaw, p.src[p.i:]
		p.i = len(p.src)
		return t, nil
	}
	return t, p.value(t, eq, hasArgs)
}

// args parses the arguments after "(" (at byte open) up to ")".
func (p *parser) args(t *Tag, open int) error {
	var name string // a pending "name:"
	var namePos int
	for {
		r, _ := p.peek()
		start := p.i
		if name != "" {
			start = namePos
		}
		var a Arg
		switch {
		case r == ')': // also after "a," and "a:" (upstream drops the dangling name)
			p.i++
			return p.checkArgs(t)
		case r < 0:
			return p.unclosed(t, open)
		case numberBegin(r):
			v, err := p.number()
			if err != nil {
				return err
			}
			a = Arg{Value: v, Type: ArgInt}
		case r == '"' || r == '`':
			v, err := p.quoted()
			if err != nil {
				return err
			}
			a = Arg{Value: v, Type: ArgString}
		case identBegin(r):
			word := p.scan(identRune)
			if p.at(':') {
				p.i++
				p.skipSpace()
				name, namePos = word, start
				continue
			}
			if p.eof() {
				return p.unclosed(t, open)
			}
			if !p.at(',') && !p.at(')') {
				return p.errorf(p.i, "unexpected %s after argument %q; write name: value, with ',' between arguments and no space before ')' or ':'", p.unexpected(), word)
			}
			a = Arg{Value: word, Type: wordType(word)}
		default:
			return p.errorf(p.i, "unexpected %s in the arguments of %s; an argument is a number, a quoted string, true/false, a word, or name: one of those (no space after '(' or before ',')", p.unexpected(), t.Name)
		}
		a.Name, a.Pos = name, p.pos(start)
		name = ""
		t.Args = append(t.Args, a)
		switch {
		case p.at(','):
			p.i++
			p.skipSpace()
		case p.at(')'):
			p.i++
			return p.checkArgs(t)
		case p.eof():
			return p.unclosed(t, open)
		default:
			return p.errorf(p.i, "unexpected %s after an argument of %s; separate arguments with ',' and close with ')'", p.unexpected(), t.Name)
		}
	}
}

func (p *parser) unclosed(t *Tag, open int) error {
	return p.errorf(p.i, "the argument list opened at column %d is not closed; write %s(…)", p.pos(open).Column, t.Name)
}

// checkArgs enforces: one positional argument, or only named ones.
func (p *parser) checkArgs(t *Tag) error {
	if len(t.Args) < 2 {
		return nil
	}
	for _, a := range t.Args {
		if a.Name == "" {
			return model.PosErrorf(a.Pos, "tag %q: %s has an unnamed argument among several; a tag takes one positional argument or only name: value arguments", p.whole, t.Name)
		}
	}
	return nil
}

func wordType(w string) ArgType {
	if w == "true" || w == "false" {
		return ArgBool
	}
	return ArgString
}

// value parses what follows the "=" at byte eq.
func (p *parser) value(t *Tag, eq int, hasArgs bool) error {
	r, n := p.peek()
	switch {
	case r < 0:
		if hasArgs { // "name(args)=": upstream reads no value
			return nil
		}
		return p.errorf(eq, "%q has no value after '='; write %s=<value>, quoting text with spaces, or drop the '='", t.Name, t.Name)
	case r == '+' && p.i+n < len(p.src):
		if next, _ := utf8.DecodeRuneInString(p.src[p.i+n:]); identBegin(next) {
			p.i += n
			v, err := p.tag()
			if err != nil {
				return err
			}
			t.ValueType, t.ValueTag = ValueTag, v
			t.ValuePos = v.Pos
			return nil
		}
	}
	switch {
	case numberBegin(r):
		v, err := p.number()
		if err != nil {
			return err
		}
		t.ValueType, t.Value = ValueInt, v
	case r == '"' || r == '`':
		v, err := p.quoted()
		if err != nil {
			return err
		}
		t.ValueType, t.Value = ValueString, v
	case identBegin(r):
		w := p.scan(identRune)
		t.ValueType, t.Value = ValueType(wordType(w)), w
	default:
		return p.errorf(p.i, "unexpected %s after '='; a value is a number, a quoted string, true/false, a word (letters, digits, '_', '.', '-'), or +tag, right after the '='; quote anything else: %s=%q", p.unexpected(), t.Name, p.src[p.i:])
	}
	return p.trailer(t, "value")
}

// trailer accepts the end of the tag or a "#" comment.
func (p *parser) trailer(t *Tag, after string) error {
	start := p.i
	p.skipSpace()
	if p.eof() || p.at('#') {
		p.i = len(p.src)
		return nil
	}
	p.i = start
	if after == "" {
		return p.errorf(p.i, "unexpected %s after %s; a tag is name, name(args), name=value or name(args)=value with no spaces around '(' and '=', and only a '#' comment after it", p.unexpected(), t.Name)
	}
	return p.errorf(p.i, "unexpected %s after the value of %s; quote a value with spaces or other characters (%s=%q), and start a trailing comment with '#'", p.unexpected(), t.Name, t.Name, strings.TrimLeftFunc(p.src[t.ValuePos.Offset-p.base.Offset:], unicode.IsSpace))
}

// number scans an integer as upstream does (sign, 0x/0o/0b or a leading
// 0, then digits and hex letters) and requires strconv to accept it.
func (p *parser) number() (string, error) {
	start := p.i
	if p.at('+') || p.at('-') {
		p.i++
	}
	digits := false
	if r, n := p.peek(); r == '0' {
		p.i += n
		if r, n := p.peek(); unicode.IsDigit(r) || r == 'x' || r == 'o' || r == 'b' {
			p.i += n
			digits = true
		}
	} else if unicode.IsDigit(r) {
		p.i += n
		digits = true
	}
	if digits {
		p.scan(func(r rune) bool { return unicode.IsDigit(r) || strings.ContainsRune("abcdefABCDEF", r) })
	}
	s := p.src[start:p.i]
	if _, err := strconv.ParseInt(s, 0, 64); err != nil {
		return "", p.errorf(start, "%q is not an integer (a 64-bit decimal, 0x hex, 0o or 0 octal, or 0b binary, with an optional sign); quote it if it is text", s)
	}
	return s, nil
}

// quoted scans a "…" or `…` string. In both, a backslash escapes only the
// quote and itself.
func (p *parser) quoted() (string, error) {
	start := p.i
	q := p.src[p.i]
	p.i++
	var b strings.Builder
	for {
		r, n := p.peek()
		switch {
		case r < 0:
			return "", p.errorf(start, "the string opened here is not closed; end it with %c", q)
		case r == rune(q):
			p.i += n
			return b.String(), nil
		case r == '\\':
			p.i += n
			e, m := p.peek()
			if e < 0 {
				return "", p.errorf(start, "the string opened here is not closed; end it with %c", q)
			}
			if e != rune(q) && e != '\\' {
				return "", p.errorf(p.i-n, "unsupported escape \\%c: inside %c…%c only \\%c and \\\\ are escapes; write the character itself", e, q, q, q)
			}
			b.WriteRune(e)
			p.i += m
		default:
			b.WriteString(p.src[p.i : p.i+n])
			p.i += n
		}
	}
}
