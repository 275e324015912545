package gendocs

import (
	"fmt"
	"regexp"
	"strings"
)

// Finding is one breach of the command-line conventions.
type Finding struct {
	Command string // command path
	Flag    string // flag name, for flag rules
	Rule    string
	Message string
}

func (f Finding) String() string {
	where := f.Command
	if f.Flag != "" {
		where += " --" + f.Flag
	}
	return fmt.Sprintf("%s: %s: %s", where, f.Rule, f.Message)
}

// LintRules lists the conventions Lint checks, by rule name. They follow
// kubectl's (k8s.io/kubectl's sanity checks, run by Kubernetes' clicheck).
var LintRules = []struct{ Name, Convention string }{
	{"command-name", "command names are lowercase words joined by dashes"},
	{"short-missing", "every command has a short description"},
	{"short-one-line", "the short description is one line"},
	{"short-period", "the short description does not end with a period"},
	{"short-space", "the short description has no leading or trailing blank space"},
	{"long-space", "the long description has no leading or trailing blank space (kubectl: templates.LongDesc)"},
	{"example-indent", "every non-blank example line is indented by two spaces (kubectl: templates.Examples)"},
	{"example-comment", "example comments start with #, not //"},
	{"flag-name", "flag names are lowercase words or digits joined by dashes"},
	{"flag-usage-missing", "every flag has a description"},
	{"flag-usage-space", "flag descriptions have no leading or trailing blank space"},
}

var dashedLowercase = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Lint checks every command of tree against LintRules and returns the
// findings in tree order.
func Lint(tree *Command) []Finding {
	var findings []Finding
	if tree == nil {
		return nil
	}
	_ = walk(tree, func(c *Command) error {
		report := func(flag, rule, format string, args ...any) {
			findings = append(findings, Finding{c.Path, flag, rule, fmt.Sprintf(format, args...)})
		}
		if !dashedLowercase.MatchString(c.Name) {
			report("", "command-name", "name %q should be lowercase words joined by dashes", c.Name)
		}
		switch short := c.Short; {
		case short == "":
			report("", "short-missing", "no short description: set Short to one line saying what the command does")
		case strings.Contains(short, "\n"):
			report("", "short-one-line", "the short description spans lines: keep Short to one line and move the rest to Long")
		case strings.TrimSpace(short) != short:
			report("", "short-space", "the short description starts or ends with blank space: trim it")
		case strings.HasSuffix(short, "."):
			report("", "short-period", "the short description ends with a period: drop it")
		}
		if strings.Trim(c.Long, " \t\n") != c.Long {
			report("", "long-space", "the long description starts or ends with blank space: trim it (kubectl: templates.LongDesc)")
		}
		for i, line := range strings.Split(c.Example, "\n") {
			if c.Example == "" || strings.TrimSpace(line) == "" {
				continue
			}
			if !strings.HasPrefix(line, "  ") {
				report("", "example-indent", "example line %d is not indented by two spaces (kubectl: templates.Examples): %q", i+1, line)
			}
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				report("", "example-comment", "example line %d starts a comment with //: use #", i+1)
			}
		}
		for _, f := range c.Flags {
			if !dashedLowercase.MatchString(f.Name) {
				report(f.Name, "flag-name", "flag names should be lowercase words or digits joined by dashes")
			}
			switch {
			case f.Usage == "":
				report(f.Name, "flag-usage-missing", "no description: say what the flag does")
			case strings.TrimSpace(f.Usage) != f.Usage:
				report(f.Name, "flag-usage-space", "the description starts or ends with blank space: trim it")
			}
		}
		return nil
	})
	return findings
}
