package clienttags

import (
	"path"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// APIVersion is the API group and version a package of +genclient types
// holds, as its path says: a versioned package's path ends in
// <group>/<version> (its types embed ObjectMeta with a json tag), an
// internal package's in <group> (ObjectMeta without a json tag).
type APIVersion struct {
	GroupDir string // the group's directory name, e.g. "apps"
	Version  string // e.g. "v1"; "" for an internal package
}

// VersionDir is the directory client code of the version goes to:
// the version in lower case, or "internalversion".
func (v APIVersion) VersionDir() string {
	if v.Version == "" {
		return "internalversion"
	}
	return strings.ToLower(v.Version)
}

// PackageVersion returns the API version of a package with +genclient
// types; ok is false if it has none.
func PackageVersion(pkg *model.Package) (v APIVersion, ok bool, err error) {
	var first *model.Type
	for _, t := range pkg.Types {
		tags, err := Parse(t)
		if err != nil {
			return v, false, err
		}
		if !tags.GenerateClient {
			continue
		}
		if first == nil {
			first = t
		}
		for _, m := range t.Members {
			if m.Name != "ObjectMeta" {
				continue
			}
			if !strings.Contains(m.Tag, "json") { // internal
				return APIVersion{GroupDir: path.Base(pkg.Path)}, true, nil
			}
			return APIVersion{GroupDir: path.Base(path.Dir(pkg.Path)), Version: path.Base(pkg.Path)}, true, nil
		}
	}
	if first == nil {
		return v, false, nil
	}
	return v, false, model.PosErrorf(first.Pos, "package %s has +genclient types but none embeds ObjectMeta: client code needs object metadata", pkg.Path)
}
