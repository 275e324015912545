package gendocs

// This file reads a cobra tree into plain data. It must stay self-contained
// (standard library, cobra and pflag only, nothing else from this package):
// gendocs --root compiles it, with its package clause rewritten to main,
// into the small program it runs inside the user's module.

import (
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Command is one documented command, read from a cobra tree. It holds
// everything the renderers and the lint need, so they never touch cobra.
type Command struct {
	Path        string // the command path, e.g. "kubectl create secret"
	Name        string
	Short       string
	Long        string
	Example     string
	UseLine     string // what cobra's help prints as usage, with " [flags]" when the command has flags
	Runnable    bool
	Hidden      bool
	ParentPath  string // empty for the top of the documented tree when it has no parent
	ParentShort string

	// Flags are the command's own flags (including cobra's help flag, as
	// cobra's help shows it) and InheritedFlags the persistent flags of its
	// parents, each in the order pflag lists them. FlagUsages and
	// InheritedFlagUsages are pflag's own rendering of the visible ones.
	Flags               []Flag
	InheritedFlags      []Flag
	FlagUsages          string
	InheritedFlagUsages string

	Children []*Command // the documented subcommands, sorted by name
}

// Flag is one command-line flag.
type Flag struct {
	Name                string
	Shorthand           string
	ShorthandDeprecated string
	Deprecated          string
	Hidden              bool
	Type                string
	DefValue            string
	NoOptDefVal         string
	Usage               string
}

// snapshotTree reads root and its documented descendants. It adds nothing to
// the tree: cobra's help flag is added to the copy only. Cobra's accessors do
// fill cobra's own lazy flag caches, exactly as running `--help` would.
func snapshotTree(root *cobra.Command, includeHidden bool) *Command {
	c := &Command{
		Path:     root.CommandPath(),
		Name:     root.Name(),
		Short:    root.Short,
		Long:     root.Long,
		Example:  root.Example,
		Runnable: root.Runnable(),
		Hidden:   root.Hidden,
	}
	if root.HasParent() {
		c.ParentPath = root.Parent().CommandPath()
		c.ParentShort = root.Parent().Short
	}

	local := copyFlagSet(root.LocalFlags()) // merges the parents' flags first, as cobra's help does
	c.UseLine = root.UseLine()
	if root.Flags().Lookup("help") == nil {
		addHelpFlag(root, local)
		if !root.DisableFlagsInUseLine && !strings.Contains(c.UseLine, "[flags]") {
			c.UseLine += " [flags]"
		}
	}
	inherited := copyFlagSet(root.InheritedFlags())
	c.Flags, c.FlagUsages = readFlags(local)
	c.InheritedFlags, c.InheritedFlagUsages = readFlags(inherited)

	children := append([]*cobra.Command(nil), root.Commands()...)
	sort.SliceStable(children, func(i, j int) bool { return children[i].Name() < children[j].Name() })
	for _, child := range children {
		if isDocumented(child, includeHidden) {
			c.Children = append(c.Children, snapshotTree(child, includeHidden))
		}
	}
	return c
}

// isDocumented tells whether cmd gets a page: as in cobra's doc package,
// deprecated commands, help topics and cobra's help command get none, and
// hidden ones get one only when includeHidden is set.
func isDocumented(cmd *cobra.Command, includeHidden bool) bool {
	if cmd.IsAdditionalHelpTopicCommand() {
		return false
	}
	if !includeHidden || !cmd.Hidden {
		if cmd.IsAvailableCommand() {
			return true
		}
		if !includeHidden || cmd.Deprecated != "" || cmd.Runnable() {
			// A visible runnable command that is not available is cobra's help command.
			return false
		}
	}
	if cmd.Deprecated != "" {
		return false
	}
	if cmd.Runnable() {
		return true
	}
	for _, child := range cmd.Commands() {
		if isDocumented(child, includeHidden) {
			return true
		}
	}
	return false
}

// addHelpFlag adds to flags the help flag cobra gives cmd when it runs.
// Cobra uses the shorthand h; when the command already took h, the help
// flag gets none (cobra itself would panic).
func addHelpFlag(cmd *cobra.Command, flags *pflag.FlagSet) {
	usage := "help for this command"
	if name := cmd.DisplayName(); name != "" {
		usage = "help for " + name
	}
	shorthand := "h"
	if cmd.Flags().ShorthandLookup("h") != nil {
		shorthand = ""
	}
	flags.BoolP("help", shorthand, false, usage)
}

// copyFlagSet returns a new flag set holding the same flags in the same order.
func copyFlagSet(src *pflag.FlagSet) *pflag.FlagSet {
	dst := pflag.NewFlagSet(src.Name(), pflag.ContinueOnError)
	dst.SortFlags = src.SortFlags
	src.VisitAll(dst.AddFlag)
	return dst
}

func readFlags(set *pflag.FlagSet) ([]Flag, string) {
	var flags []Flag
	set.VisitAll(func(f *pflag.Flag) {
		flags = append(flags, Flag{
			Name:                f.Name,
			Shorthand:           f.Shorthand,
			ShorthandDeprecated: f.ShorthandDeprecated,
			Deprecated:          f.Deprecated,
			Hidden:              f.Hidden,
			Type:                f.Value.Type(),
			DefValue:            f.DefValue,
			NoOptDefVal:         f.NoOptDefVal,
			Usage:               f.Usage,
		})
	})
	return flags, set.FlagUsages()
}
