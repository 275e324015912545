// Package gendocs renders a cobra command tree to markdown, man pages, YAML and
// reStructuredText, checks committed docs against it, and lints it against
// kubectl's command-line conventions. The gendocs command
// (github.com/kubegen/kubegen/cmd/gendocs) is its command line.
//
// # Rendering
//
// Generate renders a tree in the formats of Options.Formats:
//
//	docs, err := gendocs.Generate(root, gendocs.Options{
//		Formats: []gendocs.Format{gendocs.Markdown, gendocs.Man},
//		Man:     gendocs.ManHeader{Source: "tool 1.2", Manual: "Tool Manual"},
//	})
//	result, err := docs.WriteDir("docs/cli") // or docs.VerifyDir("docs/cli") in CI
//
// Pages, file names and links are those of cobra's doc package
// (GenMarkdownTree, GenManTree, GenYamlTree, GenReSTTree with the auto-gen
// tag disabled), byte for byte: kubectl's docs are the test. The one
// difference in content: man pages keep <text> outside code, which cobra's
// lose to go-md2man as HTML (docs/GENDOCS.md lists all differences). A command gets
// a page unless it is hidden (see Options.IncludeHidden), deprecated, a help
// topic or cobra's help command; every page lists cobra's --help flag.
//
// Generate reads the tree through Snapshot, which copies it into plain
// data (Command), and renders that with Render. It adds nothing to the
// tree: no help flag or help command, no sorting, no DisableAutoGenTag. It
// never exits or panics on bad input, and its output depends only on the
// tree and Options: dates come from Options.Date alone, formatted in UTC.
//
// # Writing and checking
//
// A Docs value owns the files of an output directory that are named like its
// pages (the top command's file name, alone or followed by the format's
// separator, with a format extension). WriteDir writes each changed file
// whole through a temporary file, all or nothing, and removes owned files
// of commands that are gone; other files are left alone. VerifyDir writes
// nothing and returns an *OutdatedError listing missing, changed (with a
// unified diff) and extra files. Both go through the sink every kubegen
// tool writes with (github.com/kubegen/kubegen/internal/sink).
//
// # Trees in other modules
//
// Load gets the tree of a function named by a Root ("<import path>.<Func>",
// see ParseRoot) from any module, with no main written by the user: it
// builds a small program in a temporary module that copies the user's
// go.mod and go.sum and replaces the user's module by its directory, so the
// user's dependency versions are used; the program snapshots the tree with
// this package's snapshot.go and hands it back as JSON.
//
// # Lint
//
// Lint checks a tree against LintRules (short and long descriptions,
// examples, command and flag names, flag descriptions) and returns one
// Finding per breach, naming the command path and the flag.
package gendocs
