package codetags

import (
	"bufio"
	"bytes"
	"encoding/json"
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

	"github.com/kubegen/kubegen/conformance"
	"github.com/kubegen/kubegen/internal/testkit"
)

// gengoModule is the gengo that k8s.io/code-generator v0.37.2 pins.
const gengoModule = "k8s.io/gengo/v2@v2.0.0-20260408192533-25e2208e0dc3"

// A corpus is a set of distinct comment lines and how often each occurs.
type corpus struct {
	name  string
	lines []string
	count map[string]int
}

func (c *corpus) add(line string) {
	if c.count == nil {
		c.count = map[string]int{}
	}
	if c.count[line] == 0 {
		c.lines = append(c.lines, line)
	}
	c.count[line]++
}

// trickyCorpus reads testdata/tricky.txt.
func trickyCorpus(t *testing.T) *corpus {
	b, err := os.ReadFile("testdata/tricky.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := &corpus{name: "hand-written"}
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		switch {
		case l == "" || strings.HasPrefix(l, "# "):
		case strings.HasPrefix(l, "q "):
			u, err := strconv.Unquote(l[2:])
			if err != nil {
				t.Fatalf("tricky.txt:%d: %v", i+1, err)
			}
			c.add(u)
		default:
			c.add(l)
		}
	}
	return c
}

// sourceCorpus collects the comment lines under dir that start with "+"
// once spaces and tabs are skipped (every line upstream's Extract could
// select with a "+…" prefix), split as go/ast's CommentGroup.Text (and
// so gengo) splits comments.
func sourceCorpus(t *testing.T, name, dir string) *corpus {
	c := &corpus{name: name}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(src, []byte("+")) {
			return err
		}
		var s scanner.Scanner
		s.Init(fset.AddFile(path, -1, len(src)), src, nil, scanner.ScanComments)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				return nil
			}
			if tok != token.COMMENT || !strings.Contains(lit, "+") {
				continue
			}
			for _, l := range commentText(lit) {
				if strings.HasPrefix(strings.TrimLeft(l, " \t"), "+") {
					c.add(l)
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.lines) == 0 {
		t.Fatalf("%s: no tag lines under %s", name, dir)
	}
	return c
}

// commentText splits one comment as go/ast's CommentGroup.Text does.
func commentText(c string) []string {
	if strings.HasPrefix(c, "//") {
		c = c[2:]
		if strings.HasPrefix(c, " ") {
			c = c[1:]
		}
		return []string{strings.TrimRight(c, " \t\r")}
	}
	lines := strings.Split(strings.TrimSuffix(c[2:], "*/"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return lines
}

// The upstream program's output, one per comment line.
type (
	uTag struct {
		Name      string
		Args      []uArg
		Value     string
		ValueTag  *uTag
		ValueType string
	}
	uArg    struct{ Name, Value, Type string }
	uParsed struct {
		Tag *uTag
		Err string
	}
	uExtract struct {
		Prefix, Name, Text string
		Default, Raw       uParsed
	}
)

func toU(t Tag) *uTag {
	u := &uTag{Name: t.Name, Value: t.Value, ValueType: string(t.ValueType)}
	for _, a := range t.Args {
		u.Args = append(u.Args, uArg{a.Name, a.Value, string(a.Type)})
	}
	if t.ValueTag != nil {
		u.ValueTag = toU(*t.ValueTag)
	}
	return u
}

// ours does what the upstream program does, with this package.
func ours(line string) []uExtract {
	out := []uExtract{}
	for _, prefix := range []string{"+", "+k8s:"} {
		for _, e := range Extract(prefix, []Line{{Text: line}}) {
			x := uExtract{Prefix: prefix, Name: e.Name, Text: e.Text}
			for _, m := range []struct {
				p    *uParsed
				opts []Option
			}{{&x.Default, nil}, {&x.Raw, []Option{Raw()}}} {
				if t, err := Parse(e.Text, e.Pos, m.opts...); err != nil {
					m.p.Err = err.Error()
				} else {
					m.p.Tag = toU(t)
				}
			}
			out = append(out, x)
		}
	}
	return out
}

// runUpstream parses lines with the upstream program.
func runUpstream(t *testing.T, bin string, lines []string) map[string][]uExtract {
	var in bytes.Buffer
	for _, l := range lines {
		in.WriteString(strconv.Quote(l) + "\n")
	}
	cmd := exec.Command(bin)
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("upstream codetags program: %v\n%s", err, stderr.String())
	}
	res := map[string][]uExtract{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for i := 0; sc.Scan(); i++ {
		var x []uExtract
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatal(err)
		}
		res[lines[i]] = x
	}
	if len(res) != len(slices.Compact(slices.Sorted(slices.Values(lines)))) {
		t.Fatalf("upstream program answered %d of %d lines", len(res), len(lines))
	}
	return res
}

// same compares results: structures exactly, errors by verdict only.
func same(a, b []uExtract) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		for _, p := range []*uParsed{&x.Default, &x.Raw, &y.Default, &y.Raw} {
			if p.Err != "" {
				p.Err = "error"
			}
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

// TestUpstreamDifferential parses every tag line of k8s.io/api, of
// validation-gen's output_tests and of kubernetes' pkg/apis, and the
// hand-written ones, with gengo's codetags and with this package, and
// requires the same extraction, the same tags and the same verdicts.
// The source trees are read whole, generated files included: it takes
// about a second, so CI runs it all.
func TestUpstreamDifferential(t *testing.T) {
	bin := testkit.BuildProgram(t, "testdata/upstream", gengoModule)
	corpora := []*corpus{
		trickyCorpus(t),
		sourceCorpus(t, "code-generator cmd/validation-gen/output_tests",
			filepath.Join(conformance.ModuleDir(t, "k8s.io/code-generator@v0.37.2"), "cmd/validation-gen/output_tests")),
		sourceCorpus(t, "k8s.io/api", conformance.ModuleDir(t, conformance.APIModule)),
		sourceCorpus(t, "kubernetes pkg/apis", filepath.Join(conformance.ModuleDir(t, conformance.KubernetesModule), "pkg/apis")),
	}
	var all []string
	for _, c := range corpora {
		all = append(all, c.lines...)
	}
	all = slices.Compact(slices.Sorted(slices.Values(all)))
	want := runUpstream(t, bin, all)
	for _, c := range corpora {
		identical, occurrences := 0, 0
		verdicts := map[string]int{}
		for _, l := range c.lines {
			occurrences += c.count[l]
			got, w := ours(l), want[l]
			if !same(got, w) {
				if t.Failed() && verdicts["mismatch"] >= 20 {
					continue
				}
				verdicts["mismatch"]++
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(w)
				t.Errorf("%s: %q:\n got %s\nwant %s", c.name, l, gj, wj)
				continue
			}
			identical++
			for _, x := range w {
				if x.Prefix == "+" {
					verdicts[verdict(x.Default)+" default"]++
					verdicts[verdict(x.Raw)+" raw"]++
				}
			}
		}
		t.Logf("%s: %d/%d identical (distinct lines; %d occurrences); with prefix \"+\": default mode %d accepted, %d rejected; raw mode %d accepted, %d rejected",
			c.name, identical, len(c.lines), occurrences, verdicts["accepted default"], verdicts["rejected default"], verdicts["accepted raw"], verdicts["rejected raw"])
	}
}

func verdict(p uParsed) string {
	if p.Err != "" {
		return "rejected"
	}
	return "accepted"
}
