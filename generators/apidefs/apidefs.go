// Package apidefs knows the package-level generator tags of Kubernetes API
// packages and the lint rules that upstream generators apply to them
// (--lint-rules):
//
//   - known-tags-only: every "+k8s:…-gen…" tag in a package's doc.go must
//     be one that some generator reads; a misspelled one is an error
//     instead of a silent no-op.
//   - require-explicit-disablement: a package that looks like an API
//     version must say, for each generator such packages normally need,
//     whether it wants it: "+k8s:deepcopy-gen=package" or "=false".
//     Versioned external types (they embed TypeMeta inline) need deepcopy;
//     per-version internals (they carry defaulter or validation tags) need
//     conversion, defaulter and validation.
package apidefs

import (
	"errors"
	"fmt"
	"go/token"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// Lint rule names, as --lint-rules takes them.
const (
	RuleKnownTagsOnly       = "known-tags-only"
	RuleExplicitDisablement = "require-explicit-disablement"
)

// Rules lists every lint rule.
var Rules = []string{RuleKnownTagsOnly, RuleExplicitDisablement}

// Activation tags of the generators.
const (
	Deepcopy   = "k8s:deepcopy-gen"
	Conversion = "k8s:conversion-gen"
	Defaulter  = "k8s:defaulter-gen"
	Validation = "k8s:validation-gen"
)

// knownTags are the package-level tags some generator reads.
var knownTags = []string{
	Conversion, "k8s:conversion-gen-external-types",
	Defaulter, "k8s:defaulter-gen-input",
	Validation, "k8s:validation-gen-input", "k8s:validation-gen-nolint",
	"k8s:validation-gen-scheme-registry", "k8s:validation-gen-test-fixture",
	"k8s:validation-gen-test-targets",
	"k8s:prerelease-lifecycle-gen",
	Deepcopy,
	"k8s:register-gen",
	"k8s:openapi-gen", "k8s:openapi-model-package",
	"k8s:protobuf-gen",
	"k8s:client-gen", "genclient", "genclient:nonNamespaced", "genclient:noVerbs",
	"genclient:onlyVerbs", "genclient:skipVerbs", "genclient:noStatus",
	"genclient:readonly", "genclient:method", "groupGoName",
	"k8s:applyconfiguration-gen",
	"k8s:informer-gen",
	"k8s:lister-gen",
}

// ValidateRules checks the names given to --lint-rules.
func ValidateRules(rules []string) error {
	for _, r := range rules {
		if !slices.Contains(Rules, r) {
			return fmt.Errorf("unrecognized rule in --lint-rules: %q (supported: %s)", r, strings.Join(Rules, ","))
		}
	}
	return nil
}

// Lint applies the rules to a package's doc.go tags.
func Lint(pkg *model.Package, rules []string) error {
	var errs []error
	for _, r := range rules {
		switch r {
		case RuleKnownTagsOnly:
			errs = append(errs, checkKnownTags(pkg))
		case RuleExplicitDisablement:
			errs = append(errs, checkExplicitDisablement(pkg))
		}
	}
	return errors.Join(errs...)
}

func checkKnownTags(pkg *model.Package) error {
	var errs []error
	for _, t := range model.ParseTags(pkg.Comments.Lines) {
		if !strings.HasPrefix(t.Name, "k8s:") || !strings.Contains(t.Name, "-gen") {
			continue
		}
		base := t.Name
		if i := strings.IndexByte(t.Name[len("k8s:"):], ':'); i >= 0 {
			base = t.Name[:len("k8s:")+i]
		}
		if !slices.Contains(knownTags, base) {
			errs = append(errs, t.Errorf("unrecognized generator tag +%s; did you mean +%s? (lint rule %s)", t.Name, closest(base, knownTags), RuleKnownTagsOnly))
		}
	}
	return errors.Join(errs...)
}

// closest returns the candidate nearest to s by edit distance.
func closest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if d := editDistance(s, c); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func checkExplicitDisablement(pkg *model.Package) error {
	if !looksLikeAPIPackage(pkg) || !versionPath.MatchString(path.Base(pkg.Path)) {
		return nil
	}
	var expected []string
	role := ""
	switch {
	case hasInlineTypeMeta(pkg):
		expected, role = []string{Deepcopy}, "versioned API types (a type embeds TypeMeta inline)"
	case hasAnyTag(pkg, Defaulter, "k8s:defaulter-gen-input", Validation, "k8s:validation-gen-input"):
		expected, role = []string{Conversion, Defaulter, Validation}, "per-version internals of the API types in "+path.Dir(pkg.Dir)
	}
	var missing []string
	for _, tag := range expected {
		if !hasAnyTag(pkg, tag) {
			missing = append(missing, fmt.Sprintf("\n  +%s=<%s>", tag, valueHint(tag)))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return model.PosErrorf(DocPos(pkg), "package %s holds %s; lint rule %s wants its doc.go to enable or disable each of these generators explicitly:%s",
		pkg.Path, role, RuleExplicitDisablement, strings.Join(missing, ""))
}

func valueHint(tag string) string {
	switch tag {
	case Conversion:
		return "peer-package or false"
	case Defaulter, Validation:
		return "TypeMeta or false"
	}
	return "package or false"
}

var versionPath = regexp.MustCompile(`^v\d+([a-z]+\d+)?$`)

func looksLikeAPIPackage(pkg *model.Package) bool {
	for _, t := range model.ParseTags(pkg.Comments.Lines) {
		if (t.Name == "groupName" && t.Value != "") || slices.Contains(knownTags, t.Name) {
			return true
		}
	}
	return false
}

func hasInlineTypeMeta(pkg *model.Package) bool {
	for _, t := range pkg.Types {
		for _, m := range t.Members {
			if m.Name != "TypeMeta" || !m.Embedded {
				continue
			}
			if tag, ok := reflect.StructTag(m.Tag).Lookup("json"); ok && strings.Split(tag, ",")[0] == "" {
				return true
			}
		}
	}
	return false
}

func hasAnyTag(pkg *model.Package, names ...string) bool {
	for _, t := range model.ParseTags(pkg.Comments.Lines) {
		if slices.Contains(names, t.Name) {
			return true
		}
	}
	return false
}

// DocPos is where a package's tags live: its doc.go (the first tag line,
// or the file itself when it has none).
func DocPos(pkg *model.Package) token.Position {
	if len(pkg.Comments.Lines) > 0 {
		return pkg.Comments.Lines[0].Pos
	}
	return token.Position{Filename: filepath.Join(pkg.Dir, "doc.go")}
}

// OptedOut reports whether a package turns a generator off with
// "+<tag>=false" in its doc.go. Mixing false with other values is an error.
func OptedOut(pkg *model.Package, tag string) (bool, error) {
	tags := model.FindTags(pkg.Comments.Lines, tag)
	off := 0
	for _, t := range tags {
		if t.Err != nil {
			return false, t.Err
		}
		if t.Value == "false" {
			off++
		}
	}
	if off > 0 && off < len(tags) {
		return false, tags[0].Errorf("+%s: \"false\" mixed with other values in package %s; keep one", tag, pkg.Path)
	}
	return off > 0, nil
}
