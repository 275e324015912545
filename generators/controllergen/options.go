package controllergen

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/scanner"
)

// upstreamGenerators are controller-gen's generators; only object is
// implemented.
var upstreamGenerators = []string{"applyconfiguration", "crd", "object", "rbac", "schemapatch", "webhook"}

// outputRules are controller-gen's output rules.
var outputRules = []string{"artifacts", "dir", "none", "stdout"}

// shape is how an option's value is written.
type shape int

const (
	noValue    shape = iota // output:none
	oneString               // output:dir=DIR
	stringList              // paths=A;B or paths={A,B}
	fields                  // object:headerFile=H,year=Y
)

// optionDef is one option word controller-gen knows.
type optionDef struct {
	name  string
	shape shape
	// for fields: the argument names, and which must be given
	args     []string
	required []string
	// what the option is
	generator string // a generator, or the generator of an output rule ("" for a default rule)
	rule      string // an output rule
}

// optionDefs returns every option word: the generators, their output
// rules (output:<generator>:<rule>), the default output rules
// (output:<rule>), and paths.
func optionDefs() map[string]*optionDef {
	defs := map[string]*optionDef{"paths": {name: "paths", shape: stringList}}
	rule := func(name, gen, r string) *optionDef {
		d := &optionDef{name: name, generator: gen, rule: r}
		switch r {
		case "dir":
			d.shape = oneString
		case "artifacts":
			d.shape, d.args, d.required = fields, []string{"code", "config"}, []string{"config"}
		}
		return d
	}
	for _, r := range outputRules {
		defs["output:"+r] = rule("output:"+r, "", r)
	}
	for _, g := range upstreamGenerators {
		d := &optionDef{name: g, shape: fields, generator: g}
		if g == "object" {
			d.args = []string{"headerFile", "year"}
		}
		defs[g] = d
		for _, r := range outputRules {
			name := "output:" + g + ":" + r
			defs[name] = rule(name, g, r)
		}
	}
	return defs
}

// option is one parsed option word.
type option struct {
	def    *optionDef
	value  string            // oneString
	values []string          // stringList
	args   map[string]string // fields
}

// parseOption parses one option word as controller-gen does: the name is
// what stands before the first "=", tried whole and then without its last
// ":"-element, which for a fields option is the first argument's name
// ("object:headerFile=h.txt" is object with headerFile=h.txt).
func parseOption(defs map[string]*optionDef, word string) (*option, error) {
	head, rest, hasValue := strings.Cut(word, "=")
	short := head
	if i := strings.LastIndexByte(head, ':'); i >= 0 && hasValue {
		short = head[:i]
	}
	def := defs[head]
	if def == nil {
		def = defs[short]
	}
	if def == nil {
		return nil, fmt.Errorf("unknown option %q: the options are generators (%s), paths=, and output rules (output:<generator>:<rule> or output:<rule>, rules %s)",
			word, strings.Join(upstreamGenerators, ", "), strings.Join(outputRules, ", "))
	}
	if def.generator != "" && def.rule == "" && def.generator != "object" {
		return &option{def: def}, nil // not implemented: reported by the caller, arguments unchecked
	}
	if def.shape == fields && head != def.name {
		rest = head[len(def.name)+1:] + "=" + rest
	}
	p := newValueParser(rest)
	o := &option{def: def}
	bad := func(format string, args ...any) (*option, error) {
		return nil, fmt.Errorf("option %q: %s", word, fmt.Sprintf(format, args...))
	}
	switch def.shape {
	case noValue:
		// any value is extra text
	case oneString, stringList:
		if p.atEOF() {
			return bad("%s needs a value: %s=...", def.name, def.name)
		}
		if def.shape == oneString {
			o.value = p.str(false)
		} else {
			o.values = p.list()
		}
	case fields:
		o.args = map[string]string{}
		for more := !p.atEOF(); more; {
			name, ok := p.ident()
			if !ok || !p.expect('=') {
				return bad("want argument=value, got %q", p.rest())
			}
			if !slices.Contains(def.args, name) {
				return bad("unknown argument %q (%s takes %s)", name, def.name, strings.Join(def.args, ", "))
			}
			o.args[name] = p.str(false)
			if more = p.err == nil && p.peek() == ','; more {
				p.s.Scan()
			}
		}
		for _, r := range def.required {
			if _, ok := o.args[r]; !ok && p.err == nil {
				return bad("missing argument %s=...", r)
			}
		}
	}
	if p.err == nil && !p.atEOF() {
		p.err = fmt.Errorf("extra text %q", p.rest())
	}
	if p.err != nil {
		return bad("%v", p.err)
	}
	return o, nil
}

// valueParser reads values as controller-gen's marker parser does, with
// the tokens of text/scanner: a string is a Go string literal, or the
// source text of the tokens up to the next ",", ";" or "}"; a list is
// "{a, b}" or "a;b".
type valueParser struct {
	src string
	s   scanner.Scanner
	err error
}

func newValueParser(src string) *valueParser {
	p := &valueParser{src: src}
	p.s.Init(strings.NewReader(src))
	p.s.Mode = scanner.ScanIdents | scanner.ScanStrings | scanner.ScanRawStrings | scanner.SkipComments
	p.s.Error = func(s *scanner.Scanner, msg string) {
		if p.err == nil {
			p.err = errors.New(msg)
		}
	}
	return p
}

// peek returns the next character that is not white space.
func (p *valueParser) peek() rune {
	for {
		r := p.s.Peek()
		if r > ' ' || p.s.Whitespace&(1<<uint(r)) == 0 {
			return r
		}
		p.s.Next()
	}
}

func (p *valueParser) atEOF() bool { return p.peek() == scanner.EOF }

func (p *valueParser) rest() string { return p.src[min(p.s.Pos().Offset, len(p.src)):] }

func (p *valueParser) ident() (string, bool) {
	if p.s.Scan() != scanner.Ident {
		return "", false
	}
	return p.s.TokenText(), true
}

func (p *valueParser) expect(r rune) bool { return p.s.Scan() == r }

// str reads a string; in a list, ";" ends it too.
func (p *valueParser) str(inList bool) string {
	tok := p.s.Scan()
	if tok == scanner.String || tok == scanner.RawString {
		v, err := strconv.Unquote(p.s.TokenText())
		if err != nil && p.err == nil {
			p.err = fmt.Errorf("bad string %s: %v", p.s.TokenText(), err)
		}
		return v
	}
	start := p.s.Position.Offset
	for r := p.peek(); r != ',' && r != ';' && r != '}' && r != scanner.EOF; r = p.peek() {
		p.s.Scan()
	}
	end := p.s.Position.Offset + len(p.s.TokenText())
	if start < 0 || end < start {
		return ""
	}
	return p.src[start:end]
}

// list reads "{a, b, ...}" or "a;b;...".
func (p *valueParser) list() []string {
	var out []string
	if p.peek() == '{' {
		p.s.Scan()
		for r := p.peek(); r != '}' && r != scanner.EOF && p.err == nil; r = p.peek() {
			out = append(out, p.str(true))
			if p.peek() == '}' {
				break
			}
			if !p.expect(',') {
				p.err = fmt.Errorf("want \",\" or \"}\" in the list, got %q", p.s.TokenText())
				return out
			}
		}
		if !p.expect('}') && p.err == nil {
			p.err = errors.New("unclosed \"{\" in the list")
		}
		return out
	}
	for r := p.peek(); r != ',' && r != '}' && r != scanner.EOF && p.err == nil; r = p.peek() {
		out = append(out, p.str(true))
		if r := p.peek(); r == ',' || r == '}' || r == scanner.EOF {
			break
		}
		if p.s.Scan() != ';' {
			p.err = fmt.Errorf("want \";\" between the list's elements, got %q", p.s.TokenText())
		}
	}
	return out
}
