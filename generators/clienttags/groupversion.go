package clienttags

import (
	"path"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// GroupVersionDirs returns the directory names under which client code for
// pkg goes: group and version for a versioned API package (the last two
// elements of its path, e.g. "apps", "v1"), group and "internalversion"
// for an internal one. Which one pkg is, its +genclient types say: they
// embed ObjectMeta with a json tag in versioned packages, without one in
// internal packages.
func GroupVersionDirs(pkg *model.Package) (group, version string, err error) {
	internal, found := false, false
	for _, t := range pkg.Types {
		if tags, err := Parse(t); err != nil || !tags.GenerateClient {
			continue
		}
		for _, m := range t.Members {
			if m.Name == "ObjectMeta" {
				internal, found = !strings.Contains(m.Tag, "json"), true
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		return "", "", model.PosErrorf(firstClientType(pkg).Pos, "package %s has +genclient types but none embeds ObjectMeta: client code needs object metadata", pkg.Path)
	}
	if internal {
		return strings.ToLower(path.Base(pkg.Path)), "internalversion", nil
	}
	return strings.ToLower(path.Base(path.Dir(pkg.Path))), strings.ToLower(path.Base(pkg.Path)), nil
}

func firstClientType(pkg *model.Package) *model.Type {
	for _, t := range pkg.Types {
		if tags, _ := Parse(t); tags.GenerateClient {
			return t
		}
	}
	return &model.Type{}
}
