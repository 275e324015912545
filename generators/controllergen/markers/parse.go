package markers

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	sc "text/scanner"
)

// Args holds the values of a definition's named arguments, by name.
type Args map[string]any

// Named returns a definition with named arguments ("+name:arg=value,…").
func Named(name string, t Target, args map[string]Arg) *Def {
	return &Def{Name: name, Target: t, Args: args}
}

// Anonymous returns a definition with one unnamed argument
// ("+name=value"); controller-gen's MakeAnyTypeDefinition is
// Anonymous(name, t, Arg{Kind: Any}).
func Anonymous(name string, t Target, a Arg) *Def {
	return &Def{Name: name, Target: t, Args: map[string]Arg{"": a}}
}

// Flag returns a definition without arguments ("+name").
func Flag(name string, t Target) *Def {
	return &Def{Name: name, Target: t, Args: map[string]Arg{}}
}

// splitMarker splits a marker's text ("+a:b:c=value") into the name as
// written before the first "=" (head, "a:b:c"), that name without its last
// ":"-element if there is a value (short, "a:b"; else short is head) and
// the text after the "=" (value, "" if there is none).
func splitMarker(text string) (head, short, value string) {
	head, value, hasValue := strings.Cut(strings.TrimPrefix(text, "+"), "=")
	short = head
	if i := strings.LastIndexByte(head, ':'); hasValue && i >= 0 {
		short = head[:i]
	}
	return head, short, value
}

// Lookup returns the definition a marker comment's text (starting with
// "+") means on a target, or nil: the one named by the whole text before
// the first "=", else (if there is an "=") the one named by that text
// without its last ":"-element.
func (r *Registry) Lookup(text string, t Target) *Def {
	if t < Package || t > Field {
		return nil
	}
	head, short, _ := splitMarker(text)
	if d := r.byTarget[t][head]; d != nil {
		return d
	}
	return r.byTarget[t][short]
}

// All returns the registry's definitions, by target and then by name.
func (r *Registry) All() []*Def {
	var all []*Def
	for _, defs := range r.byTarget {
		names := slices.Sorted(maps.Keys(defs))
		for _, name := range names {
			all = append(all, defs[name])
		}
	}
	return all
}

// anonymous reports whether d has exactly the one unnamed argument.
func (d *Def) anonymous() bool {
	_, ok := d.Args[""]
	return ok && len(d.Args) == 1
}

// Parse parses a marker comment's text (starting with "+") that Lookup
// found d for, into the value the package documentation describes. As in
// controller-gen, for a definition with named arguments the last
// ":"-element of the name written before "=" is the first argument's name
// ("+kubebuilder:printcolumn:name=Age,type=date" has the arguments
// name=Age and type=date); it is an error to leave out an argument that
// is not Optional, to give one d does not have, or to follow the
// arguments with anything. On an error the value is nil. If d.Custom is
// set, it parses instead.
func (d *Def) Parse(text string) (any, error) {
	head, short, rest := splitMarker(text)
	if d.Custom != nil {
		return d.Custom(head, rest)
	}
	anon := d.anonymous()
	if !anon && len(d.Args) > 0 && len(head) > len(short) {
		rest = head[len(short)+1:] + "=" + rest
	}

	p := newParser(rest)
	s := p.s
	var value any
	args := Args{}
	switch {
	case anon && s.Peek() != sc.EOF:
		value = p.value(d.Args[""], false)
		args[""] = value
	case !anon && len(d.Args) > 0 && s.Peek() != sc.EOF:
		for p.expect(sc.Ident, "an argument name") {
			name := s.TokenText()
			if !p.expect('=', `"=" after the argument name`) {
				break
			}
			a, ok := d.Args[name]
			if !ok {
				p.fail(s, fmt.Sprintf("unknown argument %q (+%s takes %s)", name, d.Name, strings.Join(slices.Sorted(maps.Keys(d.Args)), ", ")))
				break
			}
			args[name] = p.value(a, false)
			if p.err != nil || s.Peek() == sc.EOF {
				break
			}
			if !p.expect(',', "a comma between arguments") {
				break
			}
		}
	}
	if s.Scan() != sc.EOF {
		p.fail(s, fmt.Sprintf("unexpected text after the arguments: %q", rest[s.Position.Offset:]))
	}
	if p.err != nil {
		return nil, p.err
	}
	var missing []string
	for name, a := range d.Args {
		if _, given := args[name]; !given && !a.Optional {
			if name == "" {
				return nil, fmt.Errorf(`missing the value after "="`)
			}
			missing = append(missing, strconv.Quote(name))
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		if len(missing) == 1 {
			return nil, fmt.Errorf("missing argument %s", missing[0])
		}
		return nil, fmt.Errorf("missing arguments %s", strings.Join(missing, ", "))
	}
	if anon {
		return value, nil
	}
	return args, nil
}

// ParseError is an error in a marker's arguments.
type ParseError struct {
	Msg    string
	Column int // 1-based, in the arguments text (after the "=")
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s (at column %d)", e.Msg, e.Column) }

// A parser reads argument values with a text/scanner in controller-gen's
// modes, so that the text splits into the same tokens; it keeps the first
// error.
type parser struct {
	s   *sc.Scanner
	src string
	err error
}

func newParser(src string) *parser {
	p := &parser{src: src}
	p.s = newScanner(src, p.fail)
	return p
}

// newScanner returns a scanner over src in the modes controller-gen
// uses; onErr gets its errors.
func newScanner(src string, onErr func(*sc.Scanner, string)) *sc.Scanner {
	s := &sc.Scanner{}
	s.Init(strings.NewReader(src))
	s.Mode = sc.ScanIdents | sc.ScanInts | sc.ScanFloats | sc.ScanStrings | sc.ScanRawStrings | sc.SkipComments
	s.Error = onErr
	return s
}

func (p *parser) fail(s *sc.Scanner, msg string) {
	if p.err != nil {
		return
	}
	col := s.Position.Column
	if !s.Position.IsValid() {
		col = s.Pos().Column
	}
	p.err = &ParseError{Msg: msg, Column: col}
}

// expect scans a token and reports whether it is tok.
func (p *parser) expect(tok rune, what string) bool {
	if got := p.s.Scan(); got != tok {
		p.fail(p.s, fmt.Sprintf("expected %s, got %s", what, describe(got, p.s.TokenText())))
		return false
	}
	return true
}

func describe(tok rune, text string) string {
	if tok == sc.EOF {
		return "the end"
	}
	return strconv.Quote(text)
}

// peekPastSpace skips white space and returns the next character.
func peekPastSpace(s *sc.Scanner) rune {
	for {
		r := s.Peek()
		if r < 0 || r > ' ' || s.Whitespace&(1<<uint(r)) == 0 {
			return r
		}
		s.Next()
	}
}

// value parses one argument value of kind a; inSlice is set for the
// items of a slice (an Any item is then never taken for an "a;b" slice).
func (p *parser) value(a Arg, inSlice bool) any {
	s := p.s
	switch a.Kind {
	case Raw:
		v := p.src[s.Pos().Offset:]
		for s.Scan() != sc.EOF {
		}
		return v
	case Int, Number:
		text := ""
		if s.Peek() == '-' {
			s.Scan()
			text = "-"
		}
		tok := s.Scan()
		text += s.TokenText()
		if a.Kind == Int {
			if tok != sc.Int {
				p.fail(s, fmt.Sprintf("expected an integer, got %s", describe(tok, s.TokenText())))
				return nil
			}
			n, err := strconv.Atoi(text)
			if err != nil {
				p.fail(s, fmt.Sprintf("invalid integer: %v", err))
				return nil
			}
			return n
		}
		if tok != sc.Int && tok != sc.Float {
			p.fail(s, fmt.Sprintf("expected a number, got %s", describe(tok, s.TokenText())))
			return nil
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			p.fail(s, fmt.Sprintf("invalid number: %v", err))
			return nil
		}
		return f
	case String:
		return scanString(s, p.src, false)
	case Bool:
		tok := s.Scan()
		if text := s.TokenText(); tok == sc.Ident && (text == "true" || text == "false") {
			return text == "true"
		}
		p.fail(s, fmt.Sprintf("expected true or false, got %s", describe(tok, s.TokenText())))
		return nil
	case Any:
		return p.value(guess(s, p.src, !inSlice), false)
	case Slice:
		return p.slice(*a.Item)
	case Map:
		return p.mapValue(*a.Item)
	}
	p.fail(s, "argument of invalid kind")
	return nil
}

// slice parses "{item, item}" or "item;item" (nil if there are no items).
func (p *parser) slice(item Arg) []any {
	s := p.s
	var out []any
	if peekPastSpace(s) == '{' {
		s.Scan()
		for r := peekPastSpace(s); r != '}' && r != sc.EOF && p.err == nil; r = peekPastSpace(s) {
			out = append(out, p.value(item, true))
			if peekPastSpace(s) == '}' {
				break
			}
			if !p.expect(',', "a comma between items") {
				return nil
			}
		}
		if !p.expect('}', `a closing "}"`) {
			return nil
		}
		return out
	}
	for r := peekPastSpace(s); r != ',' && r != '}' && r != sc.EOF && p.err == nil; r = peekPastSpace(s) {
		out = append(out, p.value(item, true))
		r = peekPastSpace(s)
		if r == ',' || r == '}' || r == sc.EOF {
			break
		}
		s.Scan()
		if r != ';' {
			p.fail(s, fmt.Sprintf(`expected ";" between items, got %q`, s.TokenText()))
			return nil
		}
	}
	return out
}

// mapValue parses "{key: value, key: value}".
func (p *parser) mapValue(item Arg) map[string]any {
	s := p.s
	if !p.expect('{', `an opening "{"`) {
		return nil
	}
	out := map[string]any{}
	for r := peekPastSpace(s); r != '}' && r != sc.EOF && p.err == nil; r = peekPastSpace(s) {
		key := scanString(s, p.src, true)
		if !p.expect(':', `":" after a key`) {
			return nil
		}
		out[key] = p.value(item, false)
		if peekPastSpace(s) == '}' {
			break
		}
		if !p.expect(',', "a comma between entries") {
			return nil
		}
	}
	if !p.expect('}', `a closing "}"`) {
		return nil
	}
	return out
}

// scanString reads a string from s over src: a quoted one ("…" or `…`),
// or else a run of tokens up to a ",", ";", "}" (or ":" in a map) or the
// end. A run's text ends where its last token does, but if white space
// was skipped after that token, where the token starts: this is how
// controller-gen cuts it ("a b ,c" gives "a "). Numbers are not scanned
// as such, so that no number syntax errors arise.
func scanString(s *sc.Scanner, src string, inMap bool) string {
	mode := s.Mode
	s.Mode &^= sc.ScanInts | sc.ScanFloats
	defer func() { s.Mode = mode }()

	if tok := s.Scan(); tok == sc.String || tok == sc.RawString {
		v, err := strconv.Unquote(s.TokenText())
		if err != nil {
			s.Error(s, fmt.Sprintf("invalid quoted string: %v", err))
		}
		return v
	}
	start := s.Position.Offset
	for {
		r := peekPastSpace(s)
		if r == ',' || r == ';' || r == '}' || r == sc.EOF || inMap && r == ':' {
			break
		}
		s.Scan()
	}
	return src[start : s.Position.Offset+len(s.TokenText())]
}

// guess returns the kind controller-gen guesses for the value ahead of s
// (over src), without consuming it: a quoted string is a String; "{…}" a
// Map if it is empty or starts with a string and ":", else a Slice of the
// first item's kind; true or false a Bool; a number followed by the end
// or a delimiter an Int or Number; a value followed by ";" before any ","
// (if allowSlice) a Slice of that value's kind; otherwise a String.
func guess(s *sc.Scanner, src string, allowSlice bool) Arg {
	rest := src[s.Pos().Offset:]
	if allowSlice {
		item := guess(s, src, false)
		ahead := newScanner(rest, func(*sc.Scanner, string) {})
		for {
			switch ahead.Scan() {
			case ';':
				return Arg{Kind: Slice, Item: &item}
			case ',', sc.EOF:
				return item
			}
		}
	}
	scanErr := false
	ahead := newScanner(rest, func(*sc.Scanner, string) { scanErr = true })
	switch first := peekPastSpace(ahead); first {
	case '"', '\'', '`':
		return Arg{Kind: String}
	case '{':
		ahead.Scan()
		next := peekPastSpace(ahead)
		item := guess(ahead, rest, false)
		if item.Kind == String {
			scanString(ahead, rest, true)
			if ahead.Scan() == ':' || next == '}' {
				return Arg{Kind: Map, Item: &Arg{Kind: Any}}
			}
		}
		return Arg{Kind: Slice, Item: &item}
	case 't', 'f':
		// An identifier, as t and f are letters.
		ahead.Scan()
		if text := ahead.TokenText(); text == "true" || text == "false" {
			return Arg{Kind: Bool}
		}
		return Arg{Kind: String}
	}
	tok := ahead.Scan()
	if tok == '-' {
		tok = ahead.Scan()
	}
	if !scanErr && (tok == sc.Int || tok == sc.Float) {
		switch peekPastSpace(ahead) {
		case ',', ';', '}', sc.EOF:
			if tok == sc.Int {
				return Arg{Kind: Int}
			}
			return Arg{Kind: Number}
		}
	}
	return Arg{Kind: String}
}
