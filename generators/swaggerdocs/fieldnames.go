package swaggerdocs

import (
	"fmt"
	"go/token"
	"regexp"
	"strings"
)

// Misnamed is a field named in documentation other than by its JSON name,
// as kubernetes' fieldnamedocscheck (hack/verify-fieldname-docs.sh) finds
// them: a `quoted` word of a type's or field's documentation that equals
// the JSON name of one of the type's fields but for case.
type Misnamed struct {
	Pos   token.Position // the comment line
	Type  string
	Field string // the JSON name of the documented field, "" for the type
	Found string // the word as written
	Want  string // the field's JSON name
}

func (m Misnamed) String() string {
	where := m.Type
	if m.Field != "" {
		where += "." + m.Field
	}
	return fmt.Sprintf("%s: doc for %s contains: %s, which should be: %s", m.Pos, where, m.Found, m.Want)
}

var quotedWord = regexp.MustCompile("`(\\b\\w+\\b)`")

// CheckFieldNames returns what fieldnamedocscheck reports for the Go file
// at path, in its order: types by name, each type's own documentation,
// then its fields'.
func CheckFieldNames(path string) ([]Misnamed, error) {
	types, err := Parse(path)
	var found []Misnamed
	for _, t := range types {
		byLower := map[string]string{} // a later field wins, as upstream
		for _, d := range t.Docs[1:] {
			byLower[strings.ToLower(d.Key)] = d.Key
		}
		for _, d := range t.Docs {
			seen := map[string]bool{}
			for _, m := range quotedWord.FindAllStringSubmatch(d.Text, -1) {
				word := m[1]
				want, ok := byLower[strings.ToLower(word)]
				if !ok || want == word || seen[word] {
					continue
				}
				seen[word] = true
				found = append(found, Misnamed{linePos(d, word), t.Name, d.Key, word, want})
			}
		}
	}
	return found, err
}

// linePos is the position of the first comment line that quotes word.
func linePos(d Doc, word string) token.Position {
	for _, l := range d.Lines {
		if strings.Contains(l.Text, "`"+word+"`") {
			return l.Pos
		}
	}
	return d.Pos
}
