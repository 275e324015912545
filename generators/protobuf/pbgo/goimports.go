package pbgo

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/kubegen/kubegen/generators/gofile"
)

// fixImports does to a complete Go file what goimports -w (of
// golang.org/x/tools v0.47.0, go-to-protobuf's) does when the file's
// imports already provide every package it refers to, without running
// the go command or reading any other file:
//
//  1. delete the imports whose name the file never uses (for an
//     unnamed import, the name guessed from its path),
//  2. merge all import declarations into the first,
//  3. sort each run of imports on consecutive lines by group (standard
//     library, then paths whose first element has a dot), then path,
//     then name, dropping duplicates and blank lines inside the run,
//  4. print, put a blank line where the group changes inside a run, and
//     gofmt the result.
//
// goimports would go on to add imports for references that are left
// unresolved; this never adds one (go-to-protobuf's rewritten files
// never need it).
func fixImports(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "generated.pb.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	return fixImportsAST(fset, f, packageRefs(f))
}

// fixImportsAST is fixImports on a parsed file, with the names of the
// packages it refers to (see packageRefs) given: the file may be the
// head of a larger one.
func fixImportsAST(fset *token.FileSet, f *ast.File, used map[string]bool) ([]byte, error) {
	deleteUnusedImports(fset, f, used)
	mergeImportDecls(f)
	sortImportRuns(fset.File(f.FileStart), f)

	var breaks []string
	for _, run := range astutil.Imports(fset, f) {
		last := -1
		for _, s := range run {
			p, _ := strconv.Unquote(s.Path.Value)
			g := gofile.ImportGroup(p)
			if last != -1 && g != last {
				breaks = append(breaks, p)
			}
			last = g
		}
	}

	var buf bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&buf, fset, f); err != nil {
		return nil, err
	}
	out := buf.Bytes()
	if len(breaks) > 0 {
		out = insertImportBreaks(out, breaks)
	}
	return format.Source(out)
}

// packageRefs returns the names X of the qualified references X.Sel in
// f, as goimports counts them: X is not resolved in the file (f must be
// parsed with object resolution) and Sel is exported.
func packageRefs(f *ast.File) map[string]bool {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil && ast.IsExported(sel.Sel.Name) {
				used[x.Name] = true
			}
		}
		return true
	})
	return used
}

// deleteUnusedImports deletes the imports (except blank, dot and "C"
// ones) whose identifier is not in used, in the order of their paths and
// names.
func deleteUnusedImports(fset *token.FileSet, f *ast.File, used map[string]bool) {
	type imp struct{ name, path string }
	var unused []imp
	for _, s := range f.Imports {
		name := ""
		if s.Name != nil {
			name = s.Name.Name
		}
		if s.Path.Value == `"C"` || name == "_" || name == "." {
			continue
		}
		p := strings.Trim(s.Path.Value, `"`)
		id := name
		if id == "" {
			id = assumedPackageName(p)
		}
		if !used[id] {
			unused = append(unused, imp{name, p})
		}
	}
	sort.Slice(unused, func(i, j int) bool {
		if unused[i].path != unused[j].path {
			return unused[i].path < unused[j].path
		}
		return unused[i].name < unused[j].name
	})
	for _, u := range unused {
		astutil.DeleteNamedImport(fset, f, u.name, u.path)
	}
}

// assumedPackageName guesses a package's name from its import path, as
// goimports does: the last element, or the one before a vN element,
// without a "go-" prefix and cut at the first character that cannot be
// in an identifier.
func assumedPackageName(importPath string) string {
	base := path.Base(importPath)
	if strings.HasPrefix(base, "v") {
		if _, err := strconv.Atoi(base[1:]); err == nil {
			if dir := path.Dir(importPath); dir != "." {
				base = path.Base(dir)
			}
		}
	}
	base = strings.TrimPrefix(base, "go-")
	if i := strings.IndexFunc(base, func(r rune) bool {
		return !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	}); i >= 0 {
		base = base[:i]
	}
	return base
}

// mergeImportDecls moves the specs of every later import declaration
// (other than import "C") into the first one, which becomes a group.
func mergeImportDecls(f *ast.File) {
	if len(f.Decls) <= 1 {
		return
	}
	var first *ast.GenDecl
	for i := 0; i < len(f.Decls); i++ {
		g, ok := f.Decls[i].(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT || importsC(g) {
			continue
		}
		if first == nil {
			first = g
			continue
		}
		first.Lparen = first.Pos()
		for _, s := range g.Specs {
			movePathLit(s.(*ast.ImportSpec).Path, first.Pos())
			first.Specs = append(first.Specs, s)
		}
		f.Decls = slices.Delete(f.Decls, i, i+1)
		i--
	}
}

func importsC(g *ast.GenDecl) bool {
	for _, s := range g.Specs {
		if specPath(s) == "C" {
			return true
		}
	}
	return false
}

// movePathLit moves an import path literal to pos, keeping its length.
func movePathLit(lit *ast.BasicLit, pos token.Pos) {
	n := lit.End() - lit.Pos()
	lit.ValuePos = pos
	if lit.ValueEnd.IsValid() {
		lit.ValueEnd = pos + n
	}
}

func specPath(s ast.Spec) string {
	p, err := strconv.Unquote(s.(*ast.ImportSpec).Path.Value)
	if err != nil {
		return ""
	}
	return p
}

func specName(s ast.Spec) string {
	if n := s.(*ast.ImportSpec).Name; n != nil {
		return n.Name
	}
	return ""
}

func specComment(s ast.Spec) string {
	if c := s.(*ast.ImportSpec).Comment; c != nil {
		return c.Text()
	}
	return ""
}

// sortImportRuns sorts the runs of consecutive import lines of each
// leading import group. Like goimports, it works on the line table of tf,
// which the printer then follows: removing a duplicate or a blank line
// merges lines there.
func sortImportRuns(tf *token.File, f *ast.File) {
	for i, d := range f.Decls {
		d, ok := d.(*ast.GenDecl)
		if !ok || d.Tok != token.IMPORT {
			break // imports come first
		}
		if len(d.Specs) == 0 {
			f.Decls = slices.Delete(f.Decls, i, i+1)
		}
		if !d.Lparen.IsValid() {
			continue
		}
		start := 0
		sorted := d.Specs[:0]
		for j, s := range d.Specs {
			if j > start && tf.Line(s.Pos()) > 1+tf.Line(d.Specs[j-1].End()) {
				sorted = append(sorted, sortRun(tf, f, d.Specs[start:j])...)
				start = j
			}
		}
		sorted = append(sorted, sortRun(tf, f, d.Specs[start:])...)
		d.Specs = sorted

		if len(d.Specs) > 0 {
			last := tf.PositionFor(d.Specs[len(d.Specs)-1].Pos(), false).Line
			if rp := tf.PositionFor(d.Rparen, false).Line; rp > last+1 {
				tf.MergeLine(rp - 1)
			}
		}
	}
}

// sortRun sorts one run of import specs in place (returning it, maybe
// shorter), carrying along the comments that follow each spec.
func sortRun(tf *token.File, f *ast.File, specs []ast.Spec) []ast.Spec {
	if len(specs) <= 1 {
		return specs
	}
	type span struct{ start, end token.Pos }
	pos := make([]span, len(specs))
	for i, s := range specs {
		pos[i] = span{s.Pos(), s.End()}
	}

	// The comments from the first spec to the end of the run's last line,
	// each attached to the spec before it.
	lastLine := tf.Line(pos[len(pos)-1].end)
	cstart, cend := len(f.Comments), len(f.Comments)
	for i, g := range f.Comments {
		if g.Pos() < pos[0].start {
			continue
		}
		if i < cstart {
			cstart = i
		}
		if tf.Line(g.End()) > lastLine {
			cend = i
			break
		}
	}
	comments := f.Comments[cstart:cend]
	attached := map[*ast.ImportSpec][]*ast.CommentGroup{}
	k := 0
	for _, g := range comments {
		for k+1 < len(specs) && pos[k+1].start <= g.Pos() {
			k++
		}
		s := specs[k].(*ast.ImportSpec)
		attached[s] = append(attached[s], g)
	}

	sort.Sort(specOrder(specs))

	out := specs[:0]
	for i, s := range specs {
		if i < len(specs)-1 && sameImport(s, specs[i+1]) {
			tf.MergeLine(tf.Line(s.Pos()))
			continue
		}
		out = append(out, s)
	}
	specs = out

	// The sorted specs take the old positions in order; a spec's comments
	// move to its end, and the next spec starts where they end.
	for i, s := range specs {
		s := s.(*ast.ImportSpec)
		if s.Name != nil {
			s.Name.NamePos = pos[i].start
		}
		movePathLit(s.Path, pos[i].start)
		s.EndPos = pos[i].end
		next := pos[i].end
		for _, g := range attached[s] {
			for _, c := range g.List {
				c.Slash = pos[i].end
				next = c.End()
			}
		}
		if i < len(specs)-1 {
			pos[i+1] = span{next, next}
		}
	}
	sort.Sort(commentOrder(comments))

	// Drop the blank lines the moves may have opened inside the run.
	first := tf.Line(specs[0].Pos())
	for _, s := range specs[1:] {
		for l := tf.Line(s.Pos()) - 1; l >= first; l-- {
			if l <= 0 || l >= tf.LineCount() {
				break
			}
			tf.MergeLine(l)
		}
	}
	return specs
}

// sameImport reports whether a, followed by b, can be dropped as its
// duplicate.
func sameImport(a, b ast.Spec) bool {
	return specPath(a) == specPath(b) && specName(a) == specName(b) && a.(*ast.ImportSpec).Comment == nil
}

type specOrder []ast.Spec

func (x specOrder) Len() int      { return len(x) }
func (x specOrder) Swap(i, j int) { x[i], x[j] = x[j], x[i] }
func (x specOrder) Less(i, j int) bool {
	pi, pj := specPath(x[i]), specPath(x[j])
	if gi, gj := gofile.ImportGroup(pi), gofile.ImportGroup(pj); gi != gj {
		return gi < gj
	}
	if pi != pj {
		return pi < pj
	}
	if ni, nj := specName(x[i]), specName(x[j]); ni != nj {
		return ni < nj
	}
	return specComment(x[i]) < specComment(x[j])
}

type commentOrder []*ast.CommentGroup

func (x commentOrder) Len() int           { return len(x) }
func (x commentOrder) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }
func (x commentOrder) Less(i, j int) bool { return x[i].Pos() < x[j].Pos() }

// insertImportBreaks adds a blank line before the import lines of the
// given paths (in order), within the file's import section: from the
// first line starting with "import" to the first starting with var,
// func, const or type.
func insertImportBreaks(src []byte, paths []string) []byte {
	var out bytes.Buffer
	in, done := false, false
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i+1], src[i+1:]
		} else {
			// goimports drops a last line without a newline; the
			// printer always ends with one.
			break
		}
		if !in && !done && bytes.HasPrefix(line, []byte("import")) {
			in = true
		}
		if in {
			for _, kw := range []string{"var", "func", "const", "type"} {
				if bytes.HasPrefix(line, []byte(kw)) {
					in, done = false, true
				}
			}
		}
		if in && len(paths) > 0 && importLinePath(line) == paths[0] {
			out.WriteByte('\n')
			paths = paths[1:]
		}
		out.Write(line)
	}
	return out.Bytes()
}

// importLinePath returns the path of an indented import line
// (`	[name] "path"`, as goimports' pattern reads it), or "".
func importLinePath(line []byte) string {
	const space = "\t\n\f\r " // RE2's \s
	s := string(line)
	t := strings.TrimLeft(s, space)
	if len(t) == len(s) {
		return "" // not indented
	}
	if !strings.HasPrefix(t, `"`) {
		// a name of word characters and dots, then white space
		i := 0
		for i < len(t) && (t[i] == '_' || t[i] == '.' || 'a' <= t[i] && t[i] <= 'z' || 'A' <= t[i] && t[i] <= 'Z' || '0' <= t[i] && t[i] <= '9') {
			i++
		}
		rest := strings.TrimLeft(t[i:], space)
		if i == 0 || len(rest) == len(t[i:]) || !strings.HasPrefix(rest, `"`) {
			return ""
		}
		t = rest
	}
	// The shortest non-empty run of non-newline characters up to a quote.
	for j := 2; j < len(t); j++ {
		switch t[j-1] {
		case '\n':
			return ""
		}
		if t[j] == '"' {
			return t[1:j]
		}
	}
	return ""
}
