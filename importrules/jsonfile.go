package importrules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// jsonValue is one value of a JSON document with the line it starts on,
// for configuration errors and findings that point into the file.
type jsonValue struct {
	kind  byte   // '{', '[', '"' (string), '0' (number), 'b' (bool) or 'n' (null)
	str   string // a string's value, a number's or bool's text
	keys  []string
	lines []int        // of each key, for objects
	items []*jsonValue // an object's values in key order, or an array's items
	line  int
}

// jsonFile is a JSON file read whole, so that offsets turn into lines.
type jsonFile struct {
	name string
	data []byte
}

func readJSONFile(file string) (*jsonFile, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &ConfigError{File: file, Msg: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	return &jsonFile{file, data}, nil
}

// position returns the line and column of the byte at offset.
func (f *jsonFile) position(offset int64) (line, col int) {
	off := int(min(max(offset, 0), int64(len(f.data))))
	start := bytes.LastIndexByte(f.data[:off], '\n') + 1
	return 1 + bytes.Count(f.data[:off], []byte("\n")), 1 + off - start
}

// skipSpace returns the offset of the first byte from offset on that is
// not white space: where the next value starts.
func (f *jsonFile) skipSpace(offset int64) int64 {
	rest := f.data[offset:]
	return offset + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n")))
}

// decodeError turns an error of encoding/json at offset into a positioned
// *ConfigError.
func (f *jsonFile) decodeError(err error, offset int64) error {
	msg := "malformed JSON: " + err.Error()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		offset = se.Offset
	case errors.As(err, &te):
		offset = te.Offset
		msg = fmt.Sprintf("want %s, got a JSON %s", te.Type, te.Value)
		if te.Field != "" {
			msg = fmt.Sprintf("%s: %s", te.Field, msg)
		}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		offset, msg = int64(len(f.data)), "malformed JSON: unexpected end of file"
	}
	line, col := f.position(offset)
	return &ConfigError{File: f.name, Line: line, Col: col, Msg: msg}
}

// parse reads the file as a single JSON value; data after it is an error.
func (f *jsonFile) parse() (*jsonValue, error) {
	dec := json.NewDecoder(bytes.NewReader(f.data))
	dec.UseNumber()
	lineHere := func() int { l, _ := f.position(dec.InputOffset()); return l }
	var value func() (*jsonValue, error)
	value = func() (*jsonValue, error) {
		tok, err := dec.Token()
		if err != nil {
			return nil, f.decodeError(err, dec.InputOffset())
		}
		v := &jsonValue{line: lineHere()}
		switch tok := tok.(type) {
		case json.Delim: // '{' or '['; Token reports a misplaced '}' or ']' as an error
			v.kind = byte(tok)
			for dec.More() {
				if v.kind == '{' {
					key, err := dec.Token()
					if err != nil {
						return nil, f.decodeError(err, dec.InputOffset())
					}
					v.keys, v.lines = append(v.keys, key.(string)), append(v.lines, lineHere())
				}
				item, err := value()
				if err != nil {
					return nil, err
				}
				v.items = append(v.items, item)
			}
			if _, err := dec.Token(); err != nil {
				return nil, f.decodeError(err, dec.InputOffset())
			}
		case string:
			v.kind, v.str = '"', tok
		case json.Number:
			v.kind, v.str = '0', tok.String()
		case bool:
			v.kind, v.str = 'b', fmt.Sprint(tok)
		default:
			v.kind = 'n'
		}
		return v, nil
	}
	v, err := value()
	if err != nil {
		return nil, err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		line, col := f.position(f.skipSpace(end))
		return nil, &ConfigError{File: f.name, Line: line, Col: col, Msg: "unexpected data after the JSON value; remove it"}
	}
	return v, nil
}

func (f *jsonFile) errorf(line int, format string, args ...any) error {
	return &ConfigError{File: f.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (v *jsonValue) describe() string {
	switch v.kind {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return fmt.Sprintf("string %q", v.str)
	case 'n':
		return "null"
	}
	return v.str
}

// fields reads an object into a struct-like set of fields, matching keys
// case-insensitively and rejecting unknown ones as encoding/json does with
// DisallowUnknownFields. Duplicate keys, which encoding/json lets the last
// one win, are errors. null reads as an empty object.
func (f *jsonFile) fields(v *jsonValue, what string, fields map[string]func(*jsonValue) error) error {
	known := sortedKeys(fields)
	seen := map[string]bool{}
	return f.entries(v, what, func(key string, line int, val *jsonValue) error {
		j := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, key) })
		if j < 0 {
			return f.errorf(line, "unknown key %q in %s; known keys are %s", key, what, strings.Join(known, ", "))
		}
		if seen[known[j]] {
			return f.errorf(line, "duplicate key %q in %s", key, what)
		}
		seen[known[j]] = true
		return fields[known[j]](val)
	})
}

// entries calls each for every key of an object, in order; keys are
// exact, as in a Go map, and must not repeat. null reads as no entries.
func (f *jsonFile) entries(v *jsonValue, what string, each func(key string, line int, val *jsonValue) error) error {
	if v.kind == 'n' {
		return nil
	}
	if v.kind != '{' {
		return f.errorf(v.line, "%s must be an object, got %s", what, v.describe())
	}
	seen := map[string]bool{}
	for i, key := range v.keys {
		if seen[key] {
			return f.errorf(v.lines[i], "duplicate key %q in %s", key, what)
		}
		seen[key] = true
		if err := each(key, v.lines[i], v.items[i]); err != nil {
			return err
		}
	}
	return nil
}

// str reads a string; null reads as "", as encoding/json leaves it.
func (f *jsonFile) str(v *jsonValue, what string) (string, error) {
	if v.kind != '"' && v.kind != 'n' {
		return "", f.errorf(v.line, "%s must be a string, got %s", what, v.describe())
	}
	return v.str, nil
}

// strs reads an array of strings; null reads as a nil slice, [] as an
// empty one (they differ when marshalled again).
func (f *jsonFile) strs(v *jsonValue, what string) ([]string, []int, error) {
	if v.kind == 'n' {
		return nil, nil, nil
	}
	if v.kind != '[' {
		return nil, nil, f.errorf(v.line, "%s must be an array of strings, got %s", what, v.describe())
	}
	out, lines := []string{}, []int{}
	for _, item := range v.items {
		s, err := f.str(item, what+" item")
		if err != nil {
			return nil, nil, err
		}
		out, lines = append(out, s), append(lines, item.line)
	}
	return out, lines, nil
}
