// Package cli is the command tree of "tool", a throwaway module that the
// gendocs tests copy to a temporary directory and document with --root.
package cli

import (
	"fmt"
	"io"

	"example.com/widgets"
	"github.com/spf13/cobra"
)

// NewRoot returns tool's command tree.
func NewRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "tool",
		Short: "Manage widgets",
		Long: `Tool manages widgets.

Widgets live in a <store>, named by --store:

    tool get --store <dir> NAME

* a list item with ` + "`<code>`" + `
* another item`,
	}
	root.PersistentFlags().String("store", widgets.DefaultStore, "widget store `dir`")
	root.PersistentFlags().BoolP("verbose", "v", false, "print more")

	get := &cobra.Command{
		Use:   "get NAME [--output <format>]",
		Short: "Print a widget",
		Example: `  # Print the widget "a"
  tool get a

  # As JSON
  tool get a --output json`,
		Run: func(*cobra.Command, []string) {},
	}
	get.Flags().StringP("output", "o", "text", "output format: text or json")
	get.Flags().Int("limit", 10, "print at most this many")
	get.Flags().String("color", "", "colorize output")
	get.Flags().Lookup("color").NoOptDefVal = "auto"
	get.Flags().String("secret", "", "a hidden flag")
	_ = get.Flags().MarkHidden("secret")
	get.Flags().String("format", "", "old name of --output")
	_ = get.Flags().MarkDeprecated("format", "use --output")
	get.Flags().StringSlice("label", nil, "select widgets by label, as <key>=<value>; repeatable, and described at length so that the YAML writer breaks it")

	config := &cobra.Command{Use: "config", Short: "Read and change the configuration"}
	config.AddCommand(
		&cobra.Command{Use: "view", Short: "Print the configuration", Run: func(*cobra.Command, []string) {}},
		&cobra.Command{Use: "set-value <name> <value>", Short: "Set a configuration value", Args: cobra.ExactArgs(2), Run: func(*cobra.Command, []string) {}},
	)

	debug := &cobra.Command{Use: "debug", Short: "Print internals", Hidden: true, Run: func(*cobra.Command, []string) {}}
	old := &cobra.Command{Use: "old", Short: "Do what get does", Deprecated: "use get", Run: func(*cobra.Command, []string) {}}
	topic := &cobra.Command{Use: "widgets", Short: "About widgets", Long: "Widgets are small."}

	root.AddCommand(get, config, debug, old, topic)
	return root
}

// NewWithStreams returns the same tree, given the standard streams.
func NewWithStreams(in io.Reader, out, errOut io.Writer) *cobra.Command {
	root := NewRoot()
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	return root
}

// NewLintBad returns a tree that breaks several of the lint rules.
func NewLintBad() *cobra.Command {
	root := &cobra.Command{Use: "bad", Short: "Break rules."}
	sub := &cobra.Command{Use: "Sub", Short: "A subcommand", Example: "bad Sub", Run: func(*cobra.Command, []string) {}}
	sub.Flags().Bool("dryRun", false, "")
	root.AddCommand(sub)
	return root
}

// WrongType is not a root function: it needs an argument.
func WrongType(name string) *cobra.Command { return &cobra.Command{Use: name} }

// Options is a type, not a function.
type Options struct{}

// NewNil returns no command.
func NewNil() *cobra.Command { return nil }

// NewPanics fails while building the tree.
func NewPanics() *cobra.Command { panic(fmt.Sprint("tool: no widgets configured")) }
