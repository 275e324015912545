package model

import (
	"go/token"
	"testing"
)

func TestParseTags(t *testing.T) {
	lines := []Line{
		{Text: "Some prose, not a tag."},
		{Text: "+k8s:deepcopy-gen=package"},
		{Text: "  +genclient"},
		{Text: "+k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object  "},
		{Text: "+listMapKey(name)=type"},
		{Text: "+1 is not a tag"},
		{Text: "+broken(args"},
		{Text: "+bad value"},
	}
	for i := range lines {
		lines[i].Pos = token.Position{Filename: "doc.go", Line: i + 1}
	}
	got := ParseTags(lines)
	want := []Tag{
		{Name: "k8s:deepcopy-gen", Value: "package"},
		{Name: "genclient"},
		{Name: "k8s:deepcopy-gen:interfaces", Value: "k8s.io/apimachinery/pkg/runtime.Object"},
		{Name: "listMapKey", Args: "name", HasArgs: true, Value: "type"},
		{Name: "broken"},
		{Name: "bad"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d tags, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.Name || g.Value != w.Value || g.Args != w.Args || g.HasArgs != w.HasArgs {
			t.Errorf("tag %d = %+v, want %+v", i, g, w)
		}
		if (g.Err != nil) != (w.Name == "broken" || w.Name == "bad") {
			t.Errorf("tag %s: error %v", g.Name, g.Err)
		}
	}
	if got[1].Pos.Line != 3 {
		t.Errorf("genclient at line %d, want 3", got[1].Pos.Line)
	}
	if len(FindTags(lines, "genclient")) != 1 {
		t.Errorf("FindTags(genclient) did not find it once")
	}
}
