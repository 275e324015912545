package importrules

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

// Problem says what is wrong with an import.
type Problem string

const (
	Forbidden  Problem = "forbidden"   // a forbidden prefix matched (import-boss)
	Unmatched  Problem = "unmatched"   // selected by a rule, but no prefix matched (import-boss)
	NotAllowed Problem = "not allowed" // under the root prefix but not allowed (importverifier)
	WrongAlias Problem = "wrong alias" // imported under another name than the preferred one
	Fixed      Problem = "fixed"       // a wrong alias that --fix rewrote

	Restricted   Problem = "restricted"    // a dependency -restrict forbids (dependencycheck)
	Unwanted     Problem = "unwanted"      // an unwanted module newly referenced or vendored (dependencyverifier)
	Stale        Problem = "stale"         // a status entry that no longer holds (dependencyverifier)
	NotCanonical Problem = "not canonical" // a status that holds but is not written as the tool writes it
	Repinned     Problem = "pinned"        // a pinned module required at another version
)

// Finding is one import that breaks a rule.
type Finding struct {
	Pos     Position `json:"pos"`     // the import declaration
	Package string   `json:"package"` // the package checked (see Unit.String)
	// Relation is "->" for a direct import of Other, "-->" for a transitive
	// one, "<-" and "<--" when Other imports Package (inverse rules), and
	// "as" for aliases, where Other is the name used. dependencyverifier
	// uses "<-" for a module (Other) that requires an unwanted one
	// (Package), and leaves both empty for findings about one module.
	Relation string   `json:"relation,omitempty"`
	Other    string   `json:"other,omitempty"`
	Problem  Problem  `json:"problem"`
	Rule     Position `json:"rule"`             // the rule that decided
	Detail   string   `json:"detail,omitempty"` // e.g. the preferred alias

	unit, other *Unit // for tests comparing with upstream import-boss
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s: %s", f.Pos, f.Package)
	if f.Relation != "" {
		s += " " + f.Relation + " " + f.Other
	}
	s += ": " + string(f.Problem)
	if f.Detail != "" {
		s += ", " + f.Detail
	}
	return s + " (rule " + f.Rule.String() + ")"
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		strings.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		strings.Compare(a.Package, b.Package),
		strings.Compare(a.Other, b.Other),
		strings.Compare(a.Relation, b.Relation),
		strings.Compare(string(a.Problem), string(b.Problem)),
		strings.Compare(a.Rule.File, b.Rule.File),
		cmp.Compare(a.Rule.Line, b.Rule.Line),
	)
}

// sortFindings sorts fs and drops exact duplicates.
func sortFindings(fs []Finding) []Finding {
	slices.SortFunc(fs, compareFindings)
	return slices.CompactFunc(fs, func(a, b Finding) bool { return compareFindings(a, b) == 0 && a.Detail == b.Detail })
}

// Relative rewrites the file names in fs relative to dir where they lie
// below it, so output does not depend on where the tree is checked out.
func Relative(dir string, fs []Finding) []Finding {
	out := slices.Clone(fs)
	for i := range out {
		out[i].Pos.File = relative(dir, out[i].Pos.File)
		out[i].Rule.File = relative(dir, out[i].Rule.File)
	}
	return out
}

func relative(dir, file string) string {
	if !filepath.IsAbs(file) {
		return file
	}
	if r, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return file
}

// WriteText writes one finding a line.
func WriteText(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		if _, err := fmt.Fprintln(w, f); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSON writes the findings as a JSON array.
func WriteJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(fs)
}
