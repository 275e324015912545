package gendocs

import (
	"fmt"
	"strings"
)

func renderReST(c *Command, opts *Options) ([]byte, error) {
	var b strings.Builder
	heading := func(title, underline string) {
		fmt.Fprintf(&b, "%s\n%s\n\n", title, strings.Repeat(underline, len(title)))
	}
	long := c.Long
	if long == "" {
		long = c.Short
	}
	fmt.Fprintf(&b, ".. _%s:\n\n", base(c.Path, "_"))
	heading(c.Path, "-")
	fmt.Fprintf(&b, "%s\n\n", c.Short)
	heading("Synopsis", "~")
	fmt.Fprintf(&b, "\n%s\n\n", long)
	if c.Runnable {
		fmt.Fprintf(&b, "::\n\n  %s\n\n", c.UseLine)
	}
	if c.Example != "" {
		heading("Examples", "~")
		fmt.Fprintf(&b, "::\n\n%s\n\n", indentLines(c.Example, "  "))
	}
	if anyVisible(c.Flags) {
		heading("Options", "~")
		fmt.Fprintf(&b, "::\n\n%s\n", c.FlagUsages)
	}
	if anyVisible(c.InheritedFlags) {
		heading("Options inherited from parent commands", "~")
		fmt.Fprintf(&b, "::\n\n%s\n", c.InheritedFlagUsages)
	}
	writeLinks(&b, c, "SEE ALSO\n~~~~~~~~\n\n", "* `%[1]s <%[2]s.rst>`_ \t - %[3]s\n")
	if opts.AutoGenTag {
		fmt.Fprintf(&b, "*%s*\n", autoGenTag(opts))
	}
	return []byte(b.String()), nil
}

// indentLines prefixes every non-empty line of s.
func indentLines(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if line != "" {
			lines[i] = prefix + line
		}
	}
	return strings.Join(lines, "\n")
}
