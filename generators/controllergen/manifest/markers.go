package manifest

import (
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"

	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// Files are the Go files of a package that controller-gen reads: those
// its build tag keeps.
func Files(pkg *model.Package) []string {
	bctx := build.Default
	bctx.BuildTags = append(slices.Clone(bctx.BuildTags), BuildTag)
	var out []string
	for _, path := range pkg.Files {
		if ok, err := bctx.MatchFile(filepath.Dir(path), filepath.Base(path)); err == nil && !ok {
			continue
		}
		out = append(out, path)
	}
	return out
}

// Marker is a package marker of a generator's registry.
type Marker struct {
	markers.Mark
	Def *markers.Def
}

// PackageMarkers returns the package markers of reg in an input
// package's files, in file and source order, as controller-gen collects
// them (attached with reg, so a marker above a type's doc comment that is
// reg's is the package's). A marker of reg where controller-gen ignores
// it is a warning.
func PackageMarkers(ctx *run.Context, fset *token.FileSet, pkg *model.Package, reg *markers.Registry) ([]Marker, error) {
	var out []Marker
	for _, path := range Files(pkg) {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		at := markers.Attach(f, reg)
		for _, m := range at.Package {
			if d := reg.Lookup(m.Text, markers.Package); d != nil {
				out = append(out, Marker{m, d})
			}
		}
		warn := func(m markers.Mark, where string) {
			if reg.Lookup(m.Text, markers.Package) != nil {
				ctx.Warnf(fset.Position(m.Comment.Slash), "%s is %s, where controller-gen ignores it: put it in a comment of its own, separated by a blank line from any declaration", m.Text, where)
			}
		}
		for _, m := range at.Loose {
			warn(m, "in a function's doc comment, a trailing comment or inside a declaration")
		}
		for _, ms := range at.Types {
			for _, m := range ms {
				warn(m, "in a type's doc comment")
			}
		}
		for _, ms := range at.Fields {
			for _, m := range ms {
				warn(m, "on a struct field")
			}
		}
	}
	return out, nil
}
