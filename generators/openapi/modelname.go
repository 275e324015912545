package openapi

import (
	"path/filepath"
	"slices"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
)

// modelPackage returns the value of the +k8s:openapi-model-package tag
// among lines, or "". As upstream, the first of several counts and an
// empty value is none; warn (if not nil) reports either.
func modelPackage(lines []model.Line, warn warnFunc) (string, error) {
	tags := model.FindTags(lines, modelPackageTag)
	switch {
	case len(tags) == 0:
		return "", nil
	case tags[0].Err != nil:
		return "", tags[0].Err
	}
	if warn != nil {
		if len(tags) > 1 {
			warn(tags[1].Pos, "+%s is given twice; the first, %q, counts: give it once", modelPackageTag, tags[0].Value)
		}
		if tags[0].Value == "" {
			warn(tags[0].Pos, "+%s needs a value, the model name prefix, such as io.k8s.api.core.v1; without one it has no effect", modelPackageTag)
		}
	}
	return tags[0].Value, nil
}

// modelNamed reports whether t gets an OpenAPIModelName method: an
// exported, non-generic struct.
func modelNamed(t *model.Type) bool {
	return t.IsExported() && t.Kind == model.Struct && !t.Generic
}

// modelNameFiles returns the model-name file of each input package that
// has a +k8s:openapi-model-package tag.
func (g *Generator) modelNameFiles(u *model.Universe, header []byte, warn warnFunc) ([]*gofile.File, error) {
	if g.ModelNameFile == "" {
		return nil, nil
	}
	var files []*gofile.File
	for _, p := range u.Inputs {
		if slices.Contains(g.ReadOnlyPkgs, p.Path) {
			continue
		}
		pkgPrefix, err := modelPackage(p.Comments.Lines, warn)
		if err != nil {
			return nil, err
		}
		f := gofile.New(filepath.Join(p.Dir, g.ModelNameFile), p.Path, p.Name, header)
		any := false
		for _, t := range p.Types {
			prefix, err := modelPackage(t.Doc.Lines, warn)
			if err != nil {
				return nil, err
			}
			if !modelNamed(t) {
				continue
			}
			if pkgPrefix != "" || len(model.FindTags(t.Doc.Lines, modelPackageTag)) > 0 {
				any = true // even a tag without a value asks for the file, as upstream
			}
			if prefix == "" {
				prefix = pkgPrefix
			}
			if prefix == "" {
				continue
			}
			f.Printf("// OpenAPIModelName returns the OpenAPI model name for this type.\nfunc (in %s) OpenAPIModelName() string {\n\treturn %q\n}\n\n", t.Name.Name, prefix+"."+t.Name.Name)
		}
		if any {
			files = append(files, f)
		}
	}
	return files, nil
}

// ModelName says how the definitions gen-openapi writes name t when they
// call t{}.OpenAPIModelName(): prefix.Type for a +k8s:openapi-model-package
// tag on t or on its (input) package. byMethod reports that they call the
// method at all; handWritten that t declares the method itself, whose
// result only the compiled program knows (name is then "").
func ModelName(u *model.Universe, t *model.Type) (name string, byMethod, handWritten bool, err error) {
	return modelName(u, t, nil)
}

// modelName is ModelName, reporting the tag's problems to warn (if not nil).
func modelName(u *model.Universe, t *model.Type, warn warnFunc) (name string, byMethod, handWritten bool, err error) {
	if methodReturns(t, "OpenAPIModelName", "", "string") {
		return "", true, true, nil
	}
	prefix, err := modelPackage(t.Doc.Lines, warn)
	if err != nil {
		return "", false, false, err
	}
	if prefix == "" {
		if p := u.Package(t.Name.Package); p != nil && p.Input {
			if prefix, err = modelPackage(p.Comments.Lines, warn); err != nil {
				return "", false, false, err
			}
		}
	}
	if prefix == "" {
		return "", false, false, nil
	}
	return prefix + "." + t.Name.Name, true, false, nil
}
