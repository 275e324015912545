// Package register generates a version package's scheme registration
// (zz_generated.register.go): GroupName, GroupVersion, SchemeGroupVersion,
// Resource, SchemeBuilder/AddToScheme/Install, and addKnownTypes listing
// every type that embeds TypeMeta. It is a drop-in for
// k8s.io/code-generator's register-gen (v0.37.2).
//
// # Which packages
//
// Versioned packages (their TypeMeta has a json tag) tagged
// +k8s:register-gen=true in doc.go, or with a +groupName= tag, unless
// tagged +k8s:register-gen=false or already holding a hand-written
// register.go. The group is the +groupName= value, else the package's
// parent directory; the version is its directory.
//
// # Flags
//
//	--output-file NAME   default "generated.register.go"
//	--lint-rules RULES   see package apidefs
//
// plus those of package run.
package register

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/apidefs"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/templates"
)

// ToolName is the upstream generator this package replaces.
const ToolName = "register-gen"

// Generator is the register generator; its fields are its flags.
type Generator struct {
	run.PackageFile
}

var _ run.Generator = (*Generator)(nil)

// Tool implements run.Generator.
func (g *Generator) Tool() string { return ToolName }

// AddFlags implements run.Generator.
func (g *Generator) AddFlags(fs *pflag.FlagSet) {
	g.PackageFile.AddFlags(fs, ToolName, "generated.register.go", false)
}

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	return run.EachInput(ctx, g.packageFile)
}

func (g *Generator) packageFile(ctx *run.Context, pkg *model.Package) (*gofile.File, error) {
	if err := apidefs.Lint(pkg, g.LintRules); err != nil {
		return nil, err
	}
	enabled, err := activated(pkg)
	if !enabled || err != nil {
		return nil, err
	}
	data := struct {
		Group, Version string
		Types          []string
	}{Group: path.Base(path.Dir(pkg.Path)), Version: path.Base(pkg.Path)}
	external, found := false, false
	for _, t := range pkg.Types {
		for _, m := range t.Members {
			if m.Name != "TypeMeta" {
				continue
			}
			if !found {
				external, found = strings.Contains(m.Tag, "json"), true
			}
			if m.Embedded {
				data.Types = append(data.Types, t.Name.Name)
			}
		}
	}
	if !external {
		ctx.Log(2, "%s: no external types (TypeMeta with a json tag): no registration generated", pkg.Path)
		return nil, nil
	}
	switch _, err := os.Stat(filepath.Join(pkg.Dir, "register.go")); {
	case err == nil:
		ctx.Log(2, "%s: has a hand-written register.go: no registration generated", pkg.Path)
		return nil, nil
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	if tags := model.FindTags(pkg.Comments.Lines, "groupName"); len(tags) > 0 {
		data.Group = tags[0].Value
	}
	slices.Sort(data.Types)
	f := gofile.New(filepath.Join(pkg.Dir, g.OutputFile), pkg.Path, pkg.Name, ctx.Header(ToolName, g.BuildTag()))
	return f, templates.Execute(f, "register.tmpl", data)
}

// activated reports whether a package asks for registration code:
// +k8s:register-gen with a value other than false, or else a +groupName tag.
func activated(pkg *model.Package) (bool, error) {
	off, err := apidefs.OptedOut(pkg, "k8s:register-gen")
	if off || err != nil {
		return false, err
	}
	return len(model.FindTags(pkg.Comments.Lines, "k8s:register-gen")) > 0 ||
		len(model.FindTags(pkg.Comments.Lines, "groupName")) > 0, nil
}
