package gendocs

import (
	"fmt"
	"strings"
)

func renderMarkdown(c *Command, opts *Options) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", c.Path, c.Short)
	if c.Long != "" {
		fmt.Fprintf(&b, "### Synopsis\n\n%s\n\n", c.Long)
	}
	if c.Runnable {
		fmt.Fprintf(&b, "```\n%s\n```\n\n", c.UseLine)
	}
	if c.Example != "" {
		fmt.Fprintf(&b, "### Examples\n\n```\n%s\n```\n\n", c.Example)
	}
	if anyVisible(c.Flags) {
		fmt.Fprintf(&b, "### Options\n\n```\n%s```\n\n", c.FlagUsages)
	}
	if anyVisible(c.InheritedFlags) {
		fmt.Fprintf(&b, "### Options inherited from parent commands\n\n```\n%s```\n\n", c.InheritedFlagUsages)
	}
	writeLinks(&b, c, "### SEE ALSO\n\n", "* [%[1]s](%[2]s.md)\t - %[3]s\n")
	if opts.AutoGenTag {
		fmt.Fprintf(&b, "###### %s\n", autoGenTag(opts))
	}
	return []byte(b.String()), nil
}
