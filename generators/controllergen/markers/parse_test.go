package markers

import (
	"reflect"
	"strings"
	"testing"
)

var (
	anyArg    = Arg{Kind: Any}
	stringArg = Arg{Kind: String}
)

func testRegistry() *Registry {
	reg := &Registry{}
	reg.Add(
		Anonymous("max", Field, Arg{Kind: Int}),
		Anonymous("num", Field, Arg{Kind: Number}),
		Anonymous("pattern", Field, stringArg),
		Anonymous("flagval", Field, Arg{Kind: Bool}),
		Anonymous("enum", Field, Arg{Kind: Slice, Item: &anyArg}),
		Anonymous("list", Field, Arg{Kind: Slice, Item: &stringArg}),
		Anonymous("ints", Field, Arg{Kind: Slice, Item: &Arg{Kind: Int}}),
		Anonymous("default", Field, anyArg),
		Anonymous("raw", Field, Arg{Kind: Raw}),
		Anonymous("map", Field, Arg{Kind: Map, Item: &anyArg}),
		Anonymous("opt", Field, Arg{Kind: String, Optional: true}),
		Named("col", Type, map[string]Arg{
			"name":     stringArg,
			"type":     stringArg,
			"priority": {Kind: Int, Optional: true},
		}),
		Flag("status", Type),
	)
	return reg
}

func TestParse(t *testing.T) {
	reg := testRegistry()
	const bad = "error"
	type m = map[string]any
	cases := []struct {
		text string
		want any // bad: an error
	}{
		// Int.
		{"+max=5", 5},
		{"+max=-5", -5},
		{"+max=- 5", -5},
		{"+max= 5", 5},
		{"+max= -5", bad}, // the sign must come first
		{"+max=010", 10},
		{"+max=08", bad},
		{"+max=0x10", bad},
		{"+max=1_000", bad},
		{"+max=5.0", bad},
		{"+max=99999999999999999999", bad},
		{"+max=five", bad},
		{`+max="5"`, bad},
		{"+max", bad},
		{"+max=", bad},
		{"+max=5 6", bad},
		{"+max=5,", bad},
		{"+max:foo=5", 5}, // found as "max", the value is still unnamed

		// Number.
		{"+num=1.5", 1.5},
		{"+num=-.5", -0.5},
		{"+num=3", 3.0},
		{"+num=1e3", 1000.0},
		{"+num=0x1p-2", 0.25},
		{"+num=1e", bad},
		{"+num=x", bad},

		// String.
		{"+pattern=^[a-z]+(/[a-z]+)*$", "^[a-z]+(/[a-z]+)*$"},
		{`+pattern="^(a,b)$"`, "^(a,b)$"},
		{"+pattern=`^(a,b)$`", "^(a,b)$"},
		{`+pattern="tab\t"`, "tab\t"},
		{"+pattern='a'", "'a'"}, // no single-quoted strings
		{"+pattern='a,b'", bad},
		{"+pattern=a  b", "a  b"},
		{"+pattern= leading", "leading"},
		{"+pattern=a // b /* c */", "a // b /* c */"},
		{"+pattern=https://example.com:8443/x?y=z", "https://example.com:8443/x?y=z"},
		{"+pattern=08abc", "08abc"},
		{"+pattern=1.2.3", "1.2.3"},
		{"+pattern=\\d+", "\\d+"},
		{"+pattern=,a", ",a"}, // the first token is taken whatever it is
		{"+pattern=^(a,b)$", bad},
		{"+pattern=a;b", bad},
		{"+pattern={a}", bad},
		{`+pattern="unterminated`, bad},
		{`+pattern="bad \q"`, bad},
		{`+pattern="a" "b"`, bad},
		{"+pattern=", bad},

		// Bool.
		{"+flagval=true", true},
		{"+flagval=false", false},
		{"+flagval= true", true},
		{"+flagval=True", bad},
		{"+flagval=1", bad},
		{"+flagval", bad},
		{"+flagval=true false", bad},

		// Slice.
		{"+list=a;b;c", []any{"a", "b", "c"}},
		{"+list={a, b ,c}", []any{"a", "", "c"}}, // controller-gen's cut: see scanString
		{"+list={a,b,}", []any{"a", "b"}},
		{"+list=a;b;", []any{"a", "b"}},
		{"+list=a;;b", []any{"a", ";b"}},
		{`+list={"a,b",c}`, []any{"a,b", "c"}},
		{"+list={}", []any(nil)},
		{"+list={a;b}", bad},
		{"+list={a", bad},
		{"+list={a}x", bad},
		{"+ints={1, 2, -3}", []any{1, 2, -3}},
		{"+ints=1;2", []any{1, 2}},
		{"+ints=1;x", bad},
		{"+ints={1 2}", bad},

		// Slice of Any.
		{"+enum=a;b;c", []any{"a", "b", "c"}},
		{"+enum=1;2;3", []any{1, 2, 3}},
		{"+enum=-1;-2", []any{-1, -2}},
		{`+enum={1, 2.5, "x", true}`, []any{1, 2.5, "x", true}},
		{"+enum={a;b}", bad}, // items are never "a;b" slices
		{"+enum={{a,b},{c}}", []any{[]any{"a", "b"}, []any{"c"}}},
		{"+enum={{a: 1}}", []any{m{"a": 1}}},
		{"+enum=100Mi;1Gi", []any{"100Mi", "1Gi"}},
		{"+enum=a", []any{"a"}},

		// Any.
		{"+default=5", 5},
		{"+default=-5", -5},
		{"+default=5.5", 5.5},
		{"+default=1e5", 1e5},
		{"+default=x", "x"},
		{"+default=x y", "x y"},
		{`+default="x"`, "x"},
		{"+default=`x`", "x"},
		{"+default='x'", "'x'"},
		{"+default=true", true},
		{"+default=truex", "truex"},
		{"+default=100Mi", "100Mi"},
		{"+default=123/config", "123/config"},
		{"+default=087bdd", "087bdd"},
		{"+default=2024-01-15", "2024-01-15"},
		{"+default=http://example.com/a?b=c", "http://example.com/a?b=c"},
		{"+default={}", m{}},
		{"+default={a,b}", []any{"a", "b"}},
		{"+default={1,2}", []any{1, 2}},
		{`+default={"a","b"}`, []any{"a", "b"}},
		{"+default=a;b", []any{"a", "b"}},
		{"+default=1;2", []any{1, 2}},
		{`+default={"a": {"b": 1}}`, m{"a": m{"b": 1}}},
		{`+default={a: 1, b: "x", c: {d: true}, e: [1]}`, m{"a": 1, "b": "x", "c": m{"d": true}, "e": "[1]"}},
		{"+default={a: b;c}", bad}, // ";" before any ",": taken for a slice of maps
		{"+default={a;b}", []any{[]any{"a", "b"}}},
		{"+default={a: {b,c}}", m{"a": []any{"b", "c"}}},
		{"+default={a:b:c}", m{"a": "b:c"}},
		{"+default={ a : 1 }", m{"": 1}}, // controller-gen's cut again
		{"+default=0x1F", bad},           // guessed an integer, not one for Atoi
		{"+default= -5", bad},
		{"+default={a: 1", bad},
		{"+default={a 1}", []any{"a 1"}}, // a string not followed by ":": a slice
		{"+default=a,b", bad},
		{"+default", bad},

		// Raw.
		{"+raw=package,register", "package,register"},
		{"+raw= a;b {c", " a;b {c"},
		{`+raw="unterminated`, bad}, // the scanner still reads it
		{"+raw=08", bad},
		{"+raw", bad},

		// Map.
		{"+map={a: 1, b: x, c: {d: e}}", m{"a": 1, "b": "x", "c": m{"d": "e"}}},
		{`+map={"a b": "c, d", 'e': f}`, m{"a b": "c, d", "'e'": "f"}},
		{"+map={a: 1, a: 2}", m{"a": 2}},
		{"+map={}", m{}},
		{"+map=a", bad},
		{"+map={a}", bad},
		{"+map={a: 1 b: 2}", m{"a": "1 b: 2"}},
		{"+map={a: 1, b: {c: d;e}}", bad}, // the same, inside a map

		// Optional unnamed.
		{"+opt", nil},
		{"+opt=", nil},
		{"+opt=x", "x"},

		// Named.
		{"+col:name=Age,type=date", Args{"name": "Age", "type": "date"}},
		{"+col:name=Age,type=date,priority=1", Args{"name": "Age", "type": "date", "priority": 1}},
		{"+col:type=date,name=Age, priority=0", Args{"name": "Age", "type": "date", "priority": 0}},
		{`+col:name="Age, now",type=date`, Args{"name": "Age, now", "type": "date"}},
		{"+col:name=A,name=B,type=date", Args{"name": "B", "type": "date"}},
		{"+col:name=Age ,type=date", Args{"name": "", "type": "date"}},
		{"+col:name=Age type=date", bad}, // name is "Age type=date"; type is missing
		{"+col:name=Age", bad},
		{"+col:name=", bad},
		{"+col", bad},
		{"+col:name=Age,type=date,", bad},
		{"+col:name=Age,,type=date", bad},
		{"+col:name=Age,type=date,bogus=1", bad},
		{"+col:name=Age,type=date,Priority=1", bad},
		{"+col:name=Age,type=date,priority", bad},
		{"+col:name=Age,type=date,priority=x", bad},
		{"+col:name=Age,type=date,priority=1 ", bad}, // after an integer, only "," or the end
		{`+col:name=Age,type=date,"priority"=1`, bad},
		{"+col=name=Age,type=date", Args{"name": "Age", "type": "date"}}, // no ":" in "col": no argument from the name

		// No arguments.
		{"+status", Args{}},
		{"+status=", Args{}},
		{"+status=x", bad},
		{"+status:x=1", bad},
	}
	for _, c := range cases {
		tg := Field
		if strings.HasPrefix(c.text, "+col") || strings.HasPrefix(c.text, "+status") {
			tg = Type
		}
		d := reg.Lookup(c.text, tg)
		if d == nil {
			t.Errorf("%s: no definition", c.text)
			continue
		}
		got, err := d.Parse(c.text)
		switch {
		case c.want == bad && err == nil:
			t.Errorf("%s: got %#v, want an error", c.text, got)
		case c.want != bad && err != nil:
			t.Errorf("%s: %v", c.text, err)
		case c.want != bad && !reflect.DeepEqual(got, c.want):
			t.Errorf("%s: got %#v, want %#v", c.text, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	reg := testRegistry()
	for text, want := range map[string]string{
		"+col:name=Age":                    `missing argument "type"`,
		"+col":                             `missing arguments "name", "type"`,
		"+col:name=Age,type=date,bogus=1":  `unknown argument "bogus" (+col takes name, priority, type) (at column 25)`,
		"+col:name=Age,type=date,":         "expected an argument name, got the end",
		"+max=5 6":                         `unexpected text after the arguments: "6" (at column 3)`,
		"+max":                             `missing the value after "="`,
		"+max=x":                           `expected an integer, got "x" (at column 1)`,
		"+max=08":                          "invalid digit '8' in octal literal",
		"+num=x":                           `expected a number, got "x"`,
		"+flagval=yes":                     `expected true or false, got "yes"`,
		`+pattern="\q"`:                    "invalid char escape",
		"+list={a":                         "expected a comma between items, got the end",
		"+map={a 1}":                       `expected ":" after a key, got "}"`,
		"+col:name=Age,type=date,priority": `expected "=" after the argument name, got the end`,
	} {
		tg := Field
		if strings.HasPrefix(text, "+col") {
			tg = Type
		}
		_, err := reg.Lookup(text, tg).Parse(text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one with %q", text, err, want)
		}
	}
}

func TestLookup(t *testing.T) {
	reg := &Registry{}
	ab := Named("a:b", Type, map[string]Arg{"c": stringArg, "d": stringArg})
	abc := Anonymous("a:b:c", Type, stringArg)
	x := Flag("x", Package)
	reg.Add(ab, abc, x)
	for _, c := range []struct {
		text string
		t    Target
		want *Def
	}{
		{"+a:b:c=1", Type, abc}, // the whole name first
		{"+a:b:d=1", Type, ab},
		{"+a:b=c=1", Type, ab},
		{"+a:b", Type, ab},
		{"+a:b:d", Type, nil}, // no "=": only the whole name
		{"+a:b:c", Type, abc},
		{"+a:b:c:d=1", Type, abc},
		{"+a:b:c=1", Field, nil},
		{"+a=1", Type, nil},
		{"+x", Package, x},
		{"+x:y=1", Package, x},
		{"+x=1:2", Package, x},
		{"+", Package, nil},
		{"+x", Target(7), nil},
	} {
		if got := reg.Lookup(c.text, c.t); got != c.want {
			t.Errorf("Lookup(%q, %s) = %v, want %v", c.text, c.t, got, c.want)
		}
	}
	if got, want := reg.All(), []*Def{x, ab, abc}; !reflect.DeepEqual(got, want) {
		t.Errorf("All() = %v, want %v", got, want)
	}
	// A later definition replaces an earlier one.
	abc2 := Anonymous("a:b:c", Type, anyArg)
	reg.Add(abc2)
	if got := reg.Lookup("+a:b:c=1", Type); got != abc2 {
		t.Errorf("after Add: got %v", got)
	}

	// The last name element is ab's first argument.
	v, err := ab.Parse("+a:b:d=x,c=y")
	if want := (Args{"c": "y", "d": "x"}); err != nil || !reflect.DeepEqual(v, want) {
		t.Errorf("a:b:d=x,c=y: %v, %v; want %v", v, err, want)
	}
	// "+a:b=…" gives the argument "b" (which a:b has not).
	if v, err := ab.Parse("+a:b=c=1"); err == nil || !strings.Contains(err.Error(), `unknown argument "b"`) {
		t.Errorf("a:b=c=1: %v, %v; want an unknown argument", v, err)
	}
}

func TestCustom(t *testing.T) {
	var written, value string
	d := Anonymous("k8s:maximum", Field, Arg{Kind: Number})
	d.Custom = func(w, v string) (any, error) {
		written, value = w, v
		return 42, nil
	}
	for _, c := range []struct{ text, written, value string }{
		{"+k8s:maximum=5", "k8s:maximum", "5"},
		{"+k8s:maximum:x=5 // c", "k8s:maximum:x", "5 // c"},
		{"+k8s:maximum=a=b", "k8s:maximum", "a=b"},
		{"+k8s:maximum", "k8s:maximum", ""},
	} {
		v, err := d.Parse(c.text)
		if err != nil || v != 42 || written != c.written || value != c.value {
			t.Errorf("%s: Custom got (%q, %q) and gave %v, %v", c.text, written, value, v, err)
		}
	}
}

func TestConstructors(t *testing.T) {
	if d := Flag("f", Package); d.Name != "f" || d.Target != Package || d.Args == nil || len(d.Args) != 0 {
		t.Errorf("Flag: %+v", d)
	}
	if d := Anonymous("a", Field, stringArg); !reflect.DeepEqual(d.Args, map[string]Arg{"": stringArg}) || !d.anonymous() {
		t.Errorf("Anonymous: %+v", d)
	}
	args := map[string]Arg{"x": stringArg}
	if d := Named("n", Type, args); d.Target != Type || !reflect.DeepEqual(d.Args, args) || d.anonymous() {
		t.Errorf("Named: %+v", d)
	}
}
