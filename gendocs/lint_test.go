package gendocs

import (
	"slices"
	"testing"

	"github.com/spf13/cobra"
)

func run(*cobra.Command, []string) {}

// lintTree is a small tree that follows every convention; each bad tree in
// TestLint breaks one of them.
func lintTree() (root, sub *cobra.Command) {
	root = &cobra.Command{Use: "tool", Short: "Manage widgets", Long: "Tool manages widgets."}
	sub = &cobra.Command{Use: "get-all", Short: "Print all widgets", Run: run,
		Example: "  # Print them\n  tool get-all\n\n  tool get-all --ipv4-only"}
	sub.Flags().Bool("ipv4-only", false, "only widgets with IPv4 addresses")
	root.AddCommand(sub)
	return root, sub
}

func TestLint(t *testing.T) {
	root, _ := lintTree()
	if findings := Lint(Snapshot(root, false)); len(findings) > 0 {
		t.Fatalf("the clean tree has findings: %v", findings)
	}
	for _, tc := range []struct {
		rule, command, flag string
		breakIt             func(root, sub *cobra.Command)
	}{
		{"command-name", "tool get_All", "", func(_, sub *cobra.Command) { sub.Use = "get_All" }},
		{"short-missing", "tool get-all", "", func(_, sub *cobra.Command) { sub.Short = "" }},
		{"short-one-line", "tool", "", func(root, _ *cobra.Command) { root.Short = "Manage\nwidgets" }},
		{"short-period", "tool get-all", "", func(_, sub *cobra.Command) { sub.Short = "Print all widgets." }},
		{"short-space", "tool get-all", "", func(_, sub *cobra.Command) { sub.Short = " Print all widgets" }},
		{"long-space", "tool", "", func(root, _ *cobra.Command) { root.Long = "\nTool manages widgets.\n" }},
		{"example-indent", "tool get-all", "", func(_, sub *cobra.Command) { sub.Example = "tool get-all" }},
		{"example-comment", "tool get-all", "", func(_, sub *cobra.Command) { sub.Example = "  // Print them\n  tool get-all" }},
		{"flag-name", "tool get-all", "ipv4Only", func(_, sub *cobra.Command) { sub.Flags().Bool("ipv4Only", false, "camel case") }},
		{"flag-name", "tool", "dry--run", func(root, _ *cobra.Command) { root.PersistentFlags().Bool("dry--run", false, "double dash") }},
		{"flag-usage-missing", "tool get-all", "quiet", func(_, sub *cobra.Command) { sub.Flags().Bool("quiet", false, "") }},
		{"flag-usage-space", "tool get-all", "quiet", func(_, sub *cobra.Command) { sub.Flags().Bool("quiet", false, "print less ") }},
	} {
		t.Run(tc.rule+"/"+tc.flag, func(t *testing.T) {
			root, sub := lintTree()
			tc.breakIt(root, sub)
			want := []Finding{{Command: tc.command, Flag: tc.flag, Rule: tc.rule}}
			got := Lint(Snapshot(root, false))
			for i := range got {
				if got[i].Message == "" {
					t.Errorf("finding %v has no message", got[i])
				}
				got[i].Message = ""
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
	rules := map[string]bool{}
	for _, r := range LintRules {
		rules[r.Name] = true
	}
	if len(rules) != 11 {
		t.Errorf("LintRules has %d rules; TestLint has a bad tree for each of 11", len(rules))
	}
}
