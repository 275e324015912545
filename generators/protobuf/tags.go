package protobuf

import (
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// boolTag returns the value of the first "+key=true|false" line (nil if
// there is none); any other value is an error at its line.
func boolTag(lines []model.Line, key string) (*bool, error) {
	for _, l := range lines {
		s := strings.Trim(l.Text, " ")
		rest, ok := strings.CutPrefix(s, "+"+key)
		if !ok || rest != "" && rest[0] != '=' && rest[0] != '(' {
			continue
		}
		if rest != "" && rest[0] == '(' {
			return nil, model.PosErrorf(l.Pos, "tag +%s takes no arguments: write +%s=true or +%s=false", key, key, key)
		}
		v := strings.TrimSpace(strings.TrimPrefix(rest, "="))
		switch v {
		case "true", "false":
			b := v == "true"
			return &b, nil
		}
		return nil, model.PosErrorf(l.Pos, "tag +%s must be true or false, found %q", key, v)
	}
	return nil, nil
}
