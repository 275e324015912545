package markers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// The parity test looks up and parses every marker line of a corpus with
// controller-tools' own registry (testdata/upstream, a program of ours
// built against controller-tools v0.23.0) and with a Registry of ours
// built from that program's dump of its definitions, and requires the
// same definition, the same error-ness and the same values.
//
// Definitions that parse themselves upstream (ParseMarker: Maximum,
// Minimum and MaxItems, also under items: and k8s:, and "default") are
// given a Custom func here; for them only the lookup is compared, and
// that Custom gets the text before and after the "=". Their real parsing
// is the crd package's.

// corpusTrees are the module-cache trees whose markers form the corpus.
// (controller-tools' pkg/crd/testdata, a module of its own, is not in the
// module cache; testdata/tricky.txt has markers of its kinds.)
var corpusTrees = []string{
	"sigs.k8s.io/gateway-api@v1.6.3/apis",
	"sigs.k8s.io/gateway-api@v1.6.3/apisx",
	"github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring@v0.95.2",
	"k8s.io/api@v0.37.2",
	"k8s.io/apimachinery@v0.37.2/pkg/apis",
	"sigs.k8s.io/controller-tools@v0.23.0/pkg/rbac/testdata",
}

type argDump struct {
	Kind     string   `json:"kind"`
	Optional bool     `json:"optional"`
	Pointer  bool     `json:"pointer"`
	Item     *argDump `json:"item"`
}

type defDump struct {
	Name   string             `json:"name"`
	Target Target             `json:"target"`
	Custom bool               `json:"custom"`
	Args   map[string]argDump `json:"args"`
}

type upstreamResult struct {
	Def    string `json:"def"`
	Custom bool   `json:"custom"`
	Err    string `json:"err"`
	Value  string `json:"value"`
}

var kindByName = map[string]Kind{
	"int": Int, "number": Number, "string": String, "bool": Bool,
	"any": Any, "slice": Slice, "map": Map, "raw": Raw,
}

func argFromDump(t *testing.T, d argDump) Arg {
	k, ok := kindByName[d.Kind]
	if !ok {
		t.Fatalf("upstream argument kind %q", d.Kind)
	}
	a := Arg{Kind: k, Optional: d.Optional}
	if d.Item != nil {
		item := argFromDump(t, *d.Item)
		a.Item = &item
	}
	return a
}

// customCall is what the Custom funcs of the parity registry return.
type customCall struct{ written, value string }

// parityRegistry builds our registry from the upstream dump; pointers
// says which arguments are pointers upstream (nil when not given).
func parityRegistry(t *testing.T, bin string) (*Registry, map[*Def]map[string]bool) {
	out, err := exec.Command(bin, "defs").Output()
	if err != nil {
		t.Fatalf("%s defs: %v", bin, err)
	}
	var dumps []defDump
	if err := json.Unmarshal(out, &dumps); err != nil {
		t.Fatal(err)
	}
	reg := &Registry{}
	pointers := map[*Def]map[string]bool{}
	for _, dd := range dumps {
		args := map[string]Arg{}
		ptr := map[string]bool{}
		for name, a := range dd.Args {
			args[name] = argFromDump(t, a)
			ptr[name] = a.Pointer
		}
		d := Named(dd.Name, dd.Target, args)
		if dd.Custom {
			d.Custom = func(written, value string) (any, error) { return customCall{written, value}, nil }
		}
		reg.Add(d)
		pointers[d] = ptr
	}
	if len(dumps) < 150 {
		t.Fatalf("only %d upstream definitions", len(dumps))
	}
	return reg, pointers
}

// corpus returns the marker lines of the corpus trees and tricky.txt.
func corpus(t *testing.T) []string {
	modCache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var fset token.FileSet
	for _, tree := range corpusTrees {
		root := filepath.Join(strings.TrimSpace(string(modCache)), filepath.FromSlash(tree))
		if _, err := os.Stat(root); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal(err)
			}
			t.Logf("corpus tree missing, left out: %v", err)
			continue
		}
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var s scanner.Scanner
			s.Init(fset.AddFile(path, -1, len(src)), src, nil, scanner.ScanComments)
			for {
				_, tok, lit := s.Scan()
				if tok == token.EOF {
					break
				}
				if tok == token.COMMENT && strings.HasPrefix(lit, "//") {
					if text := strings.TrimSpace(lit[2:]); strings.HasPrefix(text, "+") {
						seen[text] = true
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	tricky, err := os.ReadFile("testdata/tricky.txt")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(tricky)) {
		if line = strings.TrimSuffix(line, "\n"); strings.HasPrefix(line, "+") {
			seen[line] = true
		}
	}
	lines := make([]string, 0, len(seen))
	for l := range seen {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	return lines
}

func TestUpstreamParity(t *testing.T) {
	bin := testkit.BuildProgram(t, "testdata/upstream", "sigs.k8s.io/controller-tools@v0.23.0")
	reg, pointers := parityRegistry(t, bin)
	lines := corpus(t)
	if len(lines) < 1000 {
		t.Fatalf("only %d marker lines", len(lines))
	}

	var in bytes.Buffer
	for _, l := range lines {
		for tg := Package; tg <= Field; tg++ {
			fmt.Fprintf(&in, "%d\t%s\n", tg, l)
		}
	}
	cmd := exec.Command(bin)
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", bin, err)
	}
	results := bufio.NewScanner(bytes.NewReader(out))
	results.Buffer(nil, 1<<20)

	identical, checks, custom := 0, 0, 0
	var found [3]int
	var diffs []string
	for _, l := range lines {
		same := true
		for tg := Package; tg <= Field; tg++ {
			if !results.Scan() {
				t.Fatalf("upstream gave fewer results than lines: %v", results.Err())
			}
			var up upstreamResult
			if err := json.Unmarshal(results.Bytes(), &up); err != nil {
				t.Fatal(err)
			}
			checks++
			if up.Def != "" {
				found[tg]++
			}
			if up.Custom {
				custom++
			}
			if diff := compareOne(reg, pointers, l, tg, up); diff != "" {
				same = false
				diffs = append(diffs, fmt.Sprintf("%s %q:\n\t%s", tg, l, diff))
			}
		}
		if same {
			identical++
		}
	}
	if results.Scan() {
		t.Fatal("upstream gave more results than lines")
	}
	t.Logf("%d marker lines: identical %d/%d (%d checks on 3 targets; with a definition: %d on packages, %d on types, %d on fields; %d of those parsed by ParseMarker upstream: lookup only)",
		len(lines), identical, len(lines), checks, found[Package], found[Type], found[Field], custom)
	for i, d := range diffs {
		if i == 40 {
			t.Errorf("… and %d more", len(diffs)-i)
			break
		}
		t.Error(d)
	}
}

// compareOne compares our lookup and parse of one line with upstream's,
// returning what differs.
func compareOne(reg *Registry, pointers map[*Def]map[string]bool, text string, tg Target, up upstreamResult) string {
	d := reg.Lookup(text, tg)
	switch {
	case d == nil && up.Def == "":
		return ""
	case d == nil || d.Name != up.Def:
		var name string
		if d != nil {
			name = d.Name
		}
		return fmt.Sprintf("lookup: upstream %q, ours %q", up.Def, name)
	}
	v, err := d.Parse(text)
	if up.Custom {
		c, ok := v.(customCall)
		if d.Custom == nil || !ok {
			return "upstream parses it with ParseMarker; ours has no Custom"
		}
		if head, value, _ := strings.Cut(text[1:], "="); c.written != head || c.value != value {
			return fmt.Sprintf("Custom got %q, %q", c.written, c.value)
		}
		return ""
	}
	switch {
	case err != nil && up.Err != "":
		return ""
	case err != nil:
		return fmt.Sprintf("upstream value %s, ours error %v", up.Value, err)
	case up.Err != "":
		return fmt.Sprintf("upstream error %s, ours value %s", up.Err, ourCanon(d, pointers[d], v))
	}
	if ours := ourCanon(d, pointers[d], v); ours != up.Value {
		return fmt.Sprintf("value: upstream %s, ours %s", up.Value, ours)
	}
	return ""
}

// ourCanon is our value in the form of testdata/upstream's value: an
// argument not given is left out if it is a pointer upstream and has its
// Go zero value otherwise, as upstream's struct fields have.
func ourCanon(d *Def, ptr map[string]bool, v any) string {
	if d.anonymous() {
		if a := d.Args[""]; v == nil && a.Optional && !ptr[""] {
			return zeroCanon(a.Kind)
		}
		return canon(reflect.ValueOf(v))
	}
	args, ok := v.(Args)
	if !ok {
		return fmt.Sprintf("<%T, not Args>", v)
	}
	for name := range args {
		if _, ok := d.Args[name]; !ok {
			return fmt.Sprintf("<unknown argument %q in Args>", name)
		}
	}
	var names []string
	for name := range d.Args {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("{")
	for _, name := range names {
		var s string
		if val, given := args[name]; given {
			s = canon(reflect.ValueOf(val))
		} else if ptr[name] {
			continue
		} else {
			s = zeroCanon(d.Args[name].Kind)
		}
		if b.Len() > 1 {
			b.WriteString(",")
		}
		b.WriteString(strconv.Quote(name) + ":" + s)
	}
	return b.String() + "}"
}

func zeroCanon(k Kind) string {
	switch k {
	case Int:
		return "i0"
	case Number:
		return "f0"
	case String, Raw:
		return `""`
	case Bool:
		return "false"
	case Slice, Map:
		return "nil"
	}
	return "null"
}

// canon is a copy of testdata/upstream's: i5 an integer, f5 a float, "x"
// a string, true, [a,b] a slice, {"k":v} a map; nil a nil slice or map,
// null a nil pointer or interface.
func canon(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Invalid:
		return "null"
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "null"
		}
		return canon(v.Elem())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "i" + strconv.FormatInt(v.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return "f" + strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return strconv.Quote(string(v.Bytes()))
		}
		if v.IsNil() {
			return "nil"
		}
		items := make([]string, v.Len())
		for i := range items {
			items[i] = canon(v.Index(i))
		}
		return "[" + strings.Join(items, ",") + "]"
	case reflect.Map:
		if v.IsNil() {
			return "nil"
		}
		var keys []string
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		items := make([]string, len(keys))
		for i, k := range keys {
			items[i] = strconv.Quote(k) + ":" + canon(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())))
		}
		return "{" + strings.Join(items, ",") + "}"
	}
	return fmt.Sprintf("<%s>", v.Kind())
}
