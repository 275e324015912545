package pbgo

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// RewriteStructTags gives the struct fields of a Go source file the
// protobuf struct tags of tags (type name → field name → tag, as
// [Rewrite] returns them), as go-to-protobuf does to every non-test .go
// file of a package it generated: a field of a listed type that has an
// entry gets the entry's protobuf:"…" value appended to its tag, unless
// the tag already has a protobuf key. An embedded field goes by its type's
// name.
//
// Like upstream, the tag of every field with an entry is written back
// in canonical form (key:"value" pairs with Go quoting, one space apart;
// anything after a malformed pair is dropped), and the whole file is
// printed again and gofmt'ed, so a file that needs no new tag can still
// change if it was not gofmt-clean. filename is used in error messages,
// which give file:line for each field whose tag cannot be read.
func RewriteStructTags(filename string, src []byte, tags map[string]map[string]string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.DeclarationErrors|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			fields, ok := tags[ts.Name.Name]
			if !ok {
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, fld := range st.Fields.List {
				if err := setProtobufTag(fld, fields); err != nil {
					errs = append(errs, fmt.Errorf("%s: struct %s: %w", fset.Position(fld.Pos()), ts.Name.Name, err))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, fset, f); err != nil {
		return nil, err
	}
	return format.Source(buf.Bytes())
}

func setProtobufTag(fld *ast.Field, fields map[string]string) error {
	var name string
	if len(fld.Names) > 0 {
		name = fld.Names[0].Name
	} else {
		n, err := embeddedName(fld.Type)
		if err != nil {
			return err
		}
		name = n
	}
	want, ok := fields[name]
	if !ok {
		return nil
	}
	var pairs []tagPair
	if fld.Tag != nil {
		p, err := parseTag(strings.Trim(fld.Tag.Value, "`"))
		if err != nil {
			return fmt.Errorf("field %s: cannot read struct tag: %v", name, err)
		}
		pairs = p
	}
	if !hasKey(pairs, "protobuf") {
		if v := reflect.StructTag(want).Get("protobuf"); v != "" {
			pairs = append(pairs, tagPair{"protobuf", v})
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	if fld.Tag == nil {
		fld.Tag = &ast.BasicLit{Kind: token.STRING}
	}
	fld.Tag.Value = formatTag(pairs)
	return nil
}

type tagPair struct{ key, value string }

func hasKey(pairs []tagPair, key string) bool {
	for _, p := range pairs {
		if p.key == key {
			return true
		}
	}
	return false
}

// parseTag splits a struct tag into its key:"value" pairs the way
// reflect.StructTag.Lookup reads them, stopping silently at the first
// thing that is not such a pair; a value that does not unquote is an
// error.
func parseTag(tag string) ([]tagPair, error) {
	var pairs []tagPair
	for {
		tag = strings.TrimLeft(tag, " ")
		if tag == "" {
			return pairs, nil
		}
		i := 0
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' && tag[i] != 0x7f {
			i++
		}
		if i == 0 || i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			return pairs, nil
		}
		key := tag[:i]
		tag = tag[i+1:]
		i = 1
		for i < len(tag) && tag[i] != '"' {
			if tag[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(tag) {
			return pairs, nil
		}
		value, err := strconv.Unquote(tag[:i+1])
		if err != nil {
			return nil, err
		}
		tag = tag[i+1:]
		pairs = append(pairs, tagPair{key, value})
	}
}

func formatTag(pairs []tagPair) string {
	var b strings.Builder
	b.WriteByte('`')
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.key)
		b.WriteByte(':')
		b.WriteString(strconv.Quote(p.value))
	}
	b.WriteByte('`')
	return b.String()
}
