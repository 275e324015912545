// Package codetags reads the structured comment tags of validation-gen
// (k8s.io/code-generator v0.37.2), such as
//
//	// +k8s:ifEnabled(MyFeature)=+k8s:maxLength=10
//	// +k8s:item(type: "Approved")=+k8s:immutable
//
// into typed values, accepting and rejecting exactly what gengo's
// k8s.io/gengo/v2/codetags (the version code-generator v0.37.2 pins)
// accepts and rejects, and reporting each failure at its file:line:col
// with what to write instead. It is the first piece of a validation-gen;
// generators/model keeps reading the simple "+name=value" tags with raw
// values, which is all the other generators need. The package is named
// after upstream's, as generators/clienttags is after the tags it reads,
// and lives beside them under generators/, where the libraries shared by
// the generators are.
//
// # Extraction
//
// A comment line is taken as gengo gives it: without "//" and the one
// space after it, or as a line of a /* */ comment. [Extract] selects the
// lines that start with a prefix ("+" for validation-gen) once leading
// spaces and tabs are skipped; other leading white space (a no-break
// space) makes a line no tag. The name is what follows the prefix up to
// the first character that cannot be in a tag name; it may be empty
// ("+", "+ x", "+1"). Every line stands alone: there are no continuation
// lines, and "//" inside a line is text, not a comment (a trailing
// comment starts with "#"). [Group] orders the lines by name as upstream's
// map does, keeping the source order; validation-gen parses only the
// names of its registered tags, each name's lines with [ParseAll].
//
// # Grammar
//
// After the prefix, and with space around it trimmed, a tag is
//
//	tag      = name [ "(" [ args ] ")" ] [ "=" value ] [ comment ]
//	args     = arg { "," space* arg } [ "," ]
//	arg      = { ident ":" space* } [ scalar ]     (the last name counts)
//	value    = scalar | "+" tag                     (right after the "=")
//	scalar   = int | string | ident                 (ident true/false: bool)
//	comment  = space* "#" anything
//	name     = letter { letter | digit | "_" | "." | "-" | ":" }
//	ident    = letter { letter | digit | "_" | "." | "-" }
//	letter   = a Unicode letter | "_"
//	int      = [ "+" | "-" ] ( "0" [ ( digit | "x" | "o" | "b" ) more ] | digit more )
//	more     = { digit | "a"…"f" | "A"…"F" }
//	           and strconv.ParseInt(int, 0, 64) must accept it ("017" is octal;
//	           "08", "1e3" and "0x" are errors; "0X1F" and "1_000" end at "X", "_")
//	string   = `"` { char | `\"` | `\\` } `"` | "`" { char | "\`" | `\\` } "`"
//
// with these rules, all upstream's:
//   - No space around "(", "=" or ":" before the value, nor before "," or
//     ")"; space (any Unicode space) is allowed after "," and ":".
//   - A tag has one positional argument or only named ones: "(a, b)" and
//     "(a: 1, b)" are errors. Names may repeat.
//   - "name()" is the tag without arguments; a trailing "," is allowed
//     ("(a,)"), and a name with no value before ")" is dropped ("(a:)").
//   - "name=" is an error, but "name(args)=" is the tag with no value.
//   - In a string the backslash escapes only the quote and itself, in
//     backtick strings too; "\n" is an error.
//   - "=+" followed by a letter starts a nested tag, which takes the rest
//     of the line: "+k8s:eachVal=+k8s:item(k: 1)=+k8s:minimum=1" is three
//     tags, each the value of the one before.
//
// In [Raw] mode (how gengo reads +default, +k8s:validation-gen and the
// other function-style tags) everything after the "=" is the value as
// written, comments and leading spaces included, and may be empty; name,
// arguments and the trailing comment of a tag without value are read as
// above.
//
// # Types
//
// [Parse] returns a [Tag]: Name, Args ([Arg]: Name, empty for the
// positional argument, Value and [ArgType] string, int or bool),
// ValueType ([ValueNone], [ValueString], [ValueInt], [ValueBool],
// [ValueTag] or [ValueRaw]) and Value, or ValueTag for a nested tag.
// Strings are unquoted; ints are kept as written ("0x1F", "-5"; parse
// them with strconv.ParseInt(v, 0, 64)). These are upstream's Tag and
// Arg, value for value, plus positions; the type spellings are upstream's.
//
// # Positions
//
// Positions are go/token positions in bytes, columns counted from 1 as in
// compiler messages. A [Line]'s Pos is where its text begins; [FromModel]
// makes Lines of generators/model's comment lines (which point at the
// comment marker), reading the file to see whether "//" was followed by a
// space. An [Extracted]'s Pos is its Text's first byte; from it each Tag
// has the Pos of its name and the ValuePos of its value (of the nested
// tag's name, for ValueTag), and each Arg the Pos of its name or value.
// Errors are *model.PosError values at the offending character (the
// opening quote of an unterminated string, the first unnamed argument of
// several):
//
//	types.go:12:25: tag "k8s:maxLength= 10": unexpected ' ' after '='; a value is …; quote anything else: k8s:maxLength=" 10"
//
// # Example
//
//	for _, e := range codetags.Extract("+", codetags.FromModel(field.Doc.Lines, os.ReadFile)) {
//		tag, err := codetags.Parse(e.Text, e.Pos)
//		if err != nil {
//			return err // file:line:col: tag "…": what is wrong; what to write
//		}
//		if tag.Name == "k8s:maxLength" && tag.ValueType == codetags.ValueInt {
//			n, _ := strconv.ParseInt(tag.Value, 0, 64)
//			…
//		}
//	}
//
// # Differences from upstream
//
// The verdicts and the parsed values are upstream's (TestUpstreamDifferential
// compares them on every tag line of k8s.io/api, kubernetes' pkg/apis and
// validation-gen's output_tests, and on testdata/tricky.txt). The error
// messages are this package's own, with positions; Extract returns the
// lines in order rather than a map; text must be valid UTF-8 (as Go
// source is), where upstream would turn a bad byte into U+FFFD.
package codetags
