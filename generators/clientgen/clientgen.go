// Package clientgen holds what the client-stack generators (lister,
// informer, and later clientset and apply configurations) share: they
// write a tree of packages under --output-dir, importable as --output-pkg,
// name types with upstream's plurals, and carry no build tag.
//
// Base, embedded in a generator, provides these flags, their validation,
// and the run.Generator methods that follow from them.
package clientgen

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/apidefs"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/names"
)

// Base is the shared part of a client-stack generator.
type Base struct {
	ToolName         string // the upstream tool, e.g. "lister-gen"
	OutputDir        string
	OutputPkg        string
	PluralExceptions []string
	LintRules        []string

	// Plurals is set by Validate from PluralExceptions.
	Plurals names.Plurals
}

// Tool implements run.Generator.
func (b *Base) Tool() string { return b.ToolName }

// BuildTag implements run.Generator: client code carries none.
func (b *Base) BuildTag() string { return "" }

// AddFlags registers the shared flags.
func (b *Base) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&b.OutputDir, "output-dir", "", "the base directory under which to generate results")
	fs.StringVar(&b.OutputPkg, "output-pkg", "", "the base Go import-path under which to generate results")
	fs.StringSliceVar(&b.PluralExceptions, "plural-exceptions", nil, "list of comma separated plural exception definitions in Type:PluralizedType format")
	fs.StringSliceVar(&b.LintRules, "lint-rules", nil, "comma-separated tag lint rules to enable: "+strings.Join(apidefs.Rules, ","))
}

// Validate checks the shared flags and those given as flag/value pairs,
// which must not be empty.
func (b *Base) Validate(required ...string) error {
	required = append([]string{"--output-dir", b.OutputDir, "--output-pkg", b.OutputPkg}, required...)
	for i := 0; i+1 < len(required); i += 2 {
		if required[i+1] == "" {
			return errors.New(required[i] + " must be specified")
		}
	}
	var err error
	if b.Plurals, err = names.ParsePluralExceptions(b.PluralExceptions); err != nil {
		return err
	}
	return apidefs.ValidateRules(b.LintRules)
}

// Owns implements run.Generator: files under --output-dir that carry the
// tool's marker.
func (b *Base) Owns(path string, src []byte) bool {
	rel, err := filepath.Rel(b.OutputDir, path)
	return err == nil && !strings.HasPrefix(rel, "..") && gofile.IsGeneratedBy(src, b.ToolName)
}

// OutputDirs implements run.OutputDirs.
func (b *Base) OutputDirs() []string { return []string{b.OutputDir} }
