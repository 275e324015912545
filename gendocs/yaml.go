package gendocs

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlPage and yamlFlag fix the YAML layout: field order and keys are
// those of cobra's doc package.
type yamlPage struct {
	Name             string
	Synopsis         string     `yaml:",omitempty"`
	Description      string     `yaml:",omitempty"`
	Usage            string     `yaml:",omitempty"`
	Options          []yamlFlag `yaml:",omitempty"`
	InheritedOptions []yamlFlag `yaml:"inherited_options,omitempty"`
	Example          string     `yaml:",omitempty"`
	SeeAlso          []string   `yaml:"see_also,omitempty"`
}

type yamlFlag struct {
	Name         string
	Shorthand    string `yaml:",omitempty"`
	DefaultValue string `yaml:"default_value,omitempty"`
	Usage        string `yaml:",omitempty"`
}

func renderYAML(c *Command, _ *Options) ([]byte, error) {
	page := yamlPage{
		Name:             c.Path,
		Synopsis:         breakLongLine(c.Short),
		Description:      breakLongLine(c.Long),
		Example:          c.Example,
		Options:          yamlFlags(c.Flags),
		InheritedOptions: yamlFlags(c.InheritedFlags),
	}
	if c.Runnable {
		page.Usage = c.UseLine
	}
	for _, l := range seeAlso(c) {
		page.SeeAlso = append(page.SeeAlso, l.path+" - "+l.short)
	}
	return yaml.Marshal(&page)
}

// yamlFlags lists every flag, hidden and deprecated ones too, as cobra does.
func yamlFlags(flags []Flag) []yamlFlag {
	var out []yamlFlag
	for _, f := range flags {
		yf := yamlFlag{Name: f.Name, Usage: breakLongLine(f.Usage)}
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			yf.Shorthand = f.Shorthand
			yf.DefaultValue = f.DefValue
		} else {
			yf.DefaultValue = breakLongLine(f.DefValue)
		}
		out = append(out, yf)
	}
	return out
}

// breakLongLine ends a long single-line string with a newline, which makes
// the YAML encoder write it as a block scalar, as cobra does.
func breakLongLine(s string) string {
	if len(s) > 60 && !strings.Contains(s, "\n") {
		return s + "\n"
	}
	return s
}
