package codetags

import (
	"errors"
	"go/token"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/generators/model"
)

const typesGo = `package v1

type T struct {
	// Name is a name.
	// +k8s:item(type: "Approved", n: -2)=+k8s:maxLength=10
	//+k8s:listMapKey=name
	Name string
	/* +k8s:eachVal=+k8s:minimum=1
	 +k8s:bad=a b */
	Other string
}
`

// modelLines builds the lines the loader would give for typesGo.
func modelLines() []model.Line {
	at := func(line, col int, text string) model.Line {
		off := 0
		for range line - 1 {
			off += strings.IndexByte(typesGo[off:], '\n') + 1
		}
		return model.Line{Text: text, Pos: token.Position{Filename: "types.go", Line: line, Column: col, Offset: off + col - 1}}
	}
	block := at(8, 2, " +k8s:eachVal=+k8s:minimum=1")
	later := block
	later.Pos.Line, later.Pos.Column, later.Text = 9, 1, "\t +k8s:bad=a b"
	return []model.Line{
		at(4, 2, "Name is a name."),
		at(5, 2, `+k8s:item(type: "Approved", n: -2)=+k8s:maxLength=10`),
		at(6, 2, "+k8s:listMapKey=name"),
		block, later,
	}
}

func readTypesGo(name string) ([]byte, error) {
	if name != "types.go" {
		return nil, os.ErrNotExist
	}
	return []byte(typesGo), nil
}

func TestPositions(t *testing.T) {
	ex := Extract("+", FromModel(modelLines(), readTypesGo))
	if len(ex) != 4 {
		t.Fatalf("extracted %d lines, want 4: %+v", len(ex), ex)
	}
	col := func(p token.Position) string { return p.String() }
	tag, err := Parse(ex[0].Text, ex[0].Pos)
	if err != nil {
		t.Fatal(err)
	}
	// 	// +k8s:item(type: "Approved", n: -2)=+k8s:maxLength=10
	// 1234567890123456789012345678901234567890123456789
	for _, c := range []struct{ what, got, want string }{
		{"tag", col(tag.Pos), "types.go:5:6"},
		{"arg type", col(tag.Args[0].Pos), "types.go:5:15"},
		{"arg n", col(tag.Args[1].Pos), "types.go:5:33"},
		{"value", col(tag.ValuePos), "types.go:5:41"},
		{"value tag", col(tag.ValueTag.Pos), "types.go:5:41"},
		{"value tag's value", col(tag.ValueTag.ValuePos), "types.go:5:55"},
		{"//+ line", col(ex[1].Pos), "types.go:6:5"},
		{"block line", col(ex[2].Pos), "types.go:8:6"},
		{"block's later line", col(ex[3].Pos), "types.go:9:4"},
	} {
		if c.got != c.want {
			t.Errorf("%s at %s, want %s", c.what, c.got, c.want)
		}
	}
	if got := typesGo[tag.ValueTag.ValuePos.Offset:][:2]; got != "10" {
		t.Errorf("the value tag's value's offset points at %q, want 10", got)
	}
	if got := typesGo[ex[3].Pos.Offset:][:8]; got != "k8s:bad=" {
		t.Errorf("the block's later line's offset points at %q", got)
	}
	_, err = Parse(ex[3].Text, ex[3].Pos)
	var pe *model.PosError
	if !errors.As(err, &pe) || pe.Pos.String() != "types.go:9:13" {
		t.Errorf("error %v, want a *model.PosError at types.go:9:13 (the space after a)", err)
	}
	// Without the source, "// " is assumed: exact for line 5, one off for //+.
	ex = Extract("+", FromModel(modelLines()[1:3], nil))
	if ex[0].Pos.Column != 6 || ex[1].Pos.Column != 6 {
		t.Errorf("without source: columns %d, %d, want 6, 6", ex[0].Pos.Column, ex[1].Pos.Column)
	}
}

func TestParseTypes(t *testing.T) {
	tag, err := Parse(`k8s:ifEnabled(MyFeature)=+k8s:item(type: "Approved", n: 0x10, ok: true)=+k8s:maxLength=-10`, token.Position{})
	if err != nil {
		t.Fatal(err)
	}
	item := tag.ValueTag
	max := item.ValueTag
	if tag.Name != "k8s:ifEnabled" || tag.ValueType != ValueTag || item.Name != "k8s:item" || max.Name != "k8s:maxLength" {
		t.Fatalf("chain %+v", tag)
	}
	if a, ok := tag.Positional(); !ok || a != (Arg{Value: "MyFeature", Type: ArgString, Pos: a.Pos}) {
		t.Errorf("positional %+v %v", a, ok)
	}
	want := []Arg{{"type", "Approved", ArgString, token.Position{}}, {"n", "0x10", ArgInt, token.Position{}}, {"ok", "true", ArgBool, token.Position{}}}
	for i := range item.Args {
		item.Args[i].Pos = token.Position{}
	}
	if !reflect.DeepEqual(item.Args, want) {
		t.Errorf("args %+v, want %+v", item.Args, want)
	}
	if a, ok := item.Named("n"); !ok || a.Value != "0x10" {
		t.Errorf("Named(n) = %+v, %v", a, ok)
	}
	if _, ok := item.Positional(); ok {
		t.Error("a tag with named arguments has a positional one")
	}
	if _, ok := item.Named(""); ok {
		t.Error(`Named("") found an argument`)
	}
	if max.ValueType != ValueInt || max.Value != "-10" {
		t.Errorf("maxLength value %q (%s)", max.Value, max.ValueType)
	}
	for text, want := range map[string]ValueType{"a=b": ValueString, "a=`b c`": ValueString, "a=false": ValueBool, "a=1": ValueInt, "a": ValueNone, "a(x)=": ValueNone} {
		if tag, err := Parse(text, token.Position{}); err != nil || tag.ValueType != want {
			t.Errorf("%s: %s, %v; want %s", text, tag.ValueType, err, want)
		}
	}
	for text, want := range map[string]string{"a= b # c": " b # c", "a=": "", "a(x)=+b": "+b"} {
		if tag, err := Parse(text, token.Position{}, Raw()); err != nil || tag.ValueType != ValueRaw || tag.Value != want {
			t.Errorf("raw %s: %q (%s), %v; want %q", text, tag.Value, tag.ValueType, err, want)
		}
	}
}

func TestErrors(t *testing.T) {
	pos := token.Position{Filename: "a.go", Line: 7, Column: 8}
	for text, want := range map[string]string{
		"k8s:maxLength= 10": `a.go:7:22: tag "k8s:maxLength= 10": unexpected ' ' after '='`,
		"k8s:maxLength=":    `a.go:7:21: tag "k8s:maxLength=": "k8s:maxLength" has no value after '='; write k8s:maxLength=<value>`,
		"k8s:item(a: 1, 2)": `a.go:7:23: tag "k8s:item(a: 1, 2)": k8s:item has an unnamed argument among several`,
		"k8s:f=\"x\\ty\"":   `a.go:7:16: tag "k8s:f=\"x\\ty\"": unsupported escape \t`,
		"k8s:f(\"x":         `a.go:7:14: tag "k8s:f(\"x": the string opened here is not closed`,
		"k8s:f(x":           `a.go:7:15: tag "k8s:f(x": the argument list opened at column 13 is not closed`,
		"k8s:minimum=08":    `a.go:7:20: tag "k8s:minimum=08": "08" is not an integer`,
		"k8s:f=+k8s:g=a b":  `a.go:7:22: tag "k8s:f=+k8s:g=a b": unexpected ' ' after the value of k8s:g; quote a value with spaces or other characters (k8s:g="a b")`,
		"  k8s:f(x)y":       `a.go:7:18: tag "k8s:f(x)y": unexpected 'y' after k8s:f`,
		"9":                 `a.go:7:8: tag "9": a tag name must start with a letter or '_', not '9'`,
	} {
		_, err := Parse(text, pos)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s:\n got %v\nwant %s…", text, err, want)
		}
	}
}

func TestExtractAndGroup(t *testing.T) {
	lines := []Line{{Text: "+b=1"}, {Text: "text"}, {Text: "\t+a"}, {Text: "+b=2"}, {Text: "+ /x"}, {Text: "+k8s:c(x)=+k8s:d"}}
	names, by := Group(Extract("+", lines))
	if want := []string{"b", "a", "", "k8s:c"}; !reflect.DeepEqual(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	tags, err := ParseAll(by["b"])
	if err != nil || len(tags) != 2 || tags[0].Value != "1" || tags[1].Value != "2" {
		t.Errorf("b: %+v, %v", tags, err)
	}
	if _, err := ParseAll(append(by["b"], by[""]...)); err == nil {
		t.Error(`ParseAll of "+ /x" succeeded`)
	}
	if tag, err := Parse(" x", token.Position{}); err != nil || tag.Name != "x" {
		t.Errorf(`"+ x" (extracted as name "") parses as %+v, %v; upstream reads tag x`, tag, err)
	}
	for i := range lines {
		lines[i].Pos = token.Position{Line: i + 1, Column: 1}
	}
	ex := Extract("+k8s:", lines)
	if len(ex) != 1 || ex[0].Name != "c" || ex[0].Text != "c(x)=+k8s:d" || ex[0].Pos.Column != 6 {
		t.Errorf("+k8s: extraction %+v", ex)
	}
	if _, ok, _ := ParseLine("+", Line{Text: "x +a"}); ok {
		t.Error("a line not starting with the prefix is a tag")
	}
}

// TestStringRoundTrip: String() of every hand-written line that parses
// parses back to the same tag.
func TestStringRoundTrip(t *testing.T) {
	plain := func(s string) bool {
		return strconv.Quote(s) == `"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)+`"`
	}
	n := 0
	for _, line := range trickyCorpus(t).lines {
		for _, opts := range [][]Option{nil, {Raw()}} {
			tag, ok, err := ParseLine("+", Line{Text: line}, opts...)
			if !ok || err != nil || !plain(tag.Value) {
				continue
			}
			back, err := Parse(tag.String(), token.Position{}, opts...)
			if err != nil {
				t.Errorf("%q → %q: %v", line, tag.String(), err)
				continue
			}
			if strip(back).String() != strip(tag).String() || !reflect.DeepEqual(strip(back), strip(tag)) {
				t.Errorf("%q → %q → %+v", line, tag.String(), back)
			}
			n++
		}
	}
	if n < 100 {
		t.Errorf("only %d round trips", n)
	}
}

// strip zeroes the positions.
func strip(t Tag) Tag {
	t.Pos, t.ValuePos = token.Position{}, token.Position{}
	if t.Args != nil {
		t.Args = append([]Arg(nil), t.Args...)
		for i := range t.Args {
			t.Args[i].Pos = token.Position{}
		}
	}
	if t.ValueTag != nil {
		v := strip(*t.ValueTag)
		t.ValueTag = &v
	}
	return t
}
