// Command upstream parses comment lines with gengo's codetags, the
// reference for kubegen's generators/codetags: it reads one Go-quoted
// comment line per input line and writes one JSON object per line, what
// codetags.Extract selects for each prefix and how codetags.Parse reads
// it, with and without RawValues.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"k8s.io/gengo/v2/codetags"
)

type parsed struct {
	Tag *codetags.Tag `json:",omitempty"`
	Err string        `json:",omitempty"`
}

type extracted struct {
	Prefix, Name, Text string
	Default, Raw       parsed
}

func parse(text string, opts ...codetags.ParseOption) parsed {
	t, err := codetags.Parse(text, opts...)
	if err != nil {
		return parsed{Err: err.Error()}
	}
	return parsed{Tag: &t}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		line, err := strconv.Unquote(in.Text())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		res := []extracted{}
		for _, prefix := range []string{"+", "+k8s:"} {
			for name, texts := range codetags.Extract(prefix, []string{line}) {
				for _, text := range texts {
					res = append(res, extracted{prefix, name, text, parse(text), parse(text, codetags.RawValues(true))})
				}
			}
		}
		if err := enc.Encode(res); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out.Flush()
}
