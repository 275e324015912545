package manifest

import (
	"bytes"
	"encoding/json"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestDocumentAsYAMLMarshal: document writes what yaml.Marshal writes of
// the decoded map (or fails as it fails), also for numbers and strings
// the YAML reader changes or refuses.
func TestDocumentAsYAMLMarshal(t *testing.T) {
	for _, src := range []string{
		`{"a":1,"b":-2.5,"c":1e3,"d":1e+21,"e":18446744073709551615,"f":1e400,"g":0.1,"h":-0,"i":9223372036854775808}`,
		`{"s":["","true","1","0x1F","1_000","1:20","~","null","a: b","- x","#c","x\ny","trailing ","\ttab","é"]}`,
		`{"nel":"a\u0085b","del":"a\u007fb","c1":"a\u0090b","bom":"\ufeffx","ffff":"\uffff"}`,
		`{"metadata":{"name":"x","creationTimestamp":null},"list":[[],{},[1,{"k":2.0}]],"n":null,"t":true}`,
		`{"long":"` + string(bytes.Repeat([]byte("word "), 40)) + `","k\u0085ey":1}`,
	} {
		var want []byte
		var wantErr error
		{
			var obj map[string]any
			dec := json.NewDecoder(bytes.NewReader([]byte(src)))
			dec.UseNumber()
			if err := dec.Decode(&obj); err != nil {
				t.Fatal(err)
			}
			if md, ok := obj["metadata"].(map[string]any); ok {
				delete(md, "creationTimestamp")
			}
			want, wantErr = yaml.Marshal(obj)
		}
		got, err := document(json.RawMessage(src), nil)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%s: error %v, want %v", src, err, wantErr)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", src, got, want)
		}
	}
}
