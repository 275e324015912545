package importrules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBadConfig runs each mode on broken configurations. Each must exit 2
// with one error naming the file and, where the parser knows it, the line;
// all messages together are the golden file badconfig.golden.
func TestBadConfig(t *testing.T) {
	const goMod = "module example.com/bad\n\ngo 1.26\n"
	const goFile = "package bad\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n"
	boss := []string{"import-boss", "./..."}
	restrictions := []string{"example.com/", "r.yaml"}
	aliases := []string{"aliases", "--include-path", ".*"}
	depcheck := []string{"dependencycheck", "-restrict", `^k8s\.io/kubernetes/`, "deps.json"}
	verifier := []string{"dependencyverifier", "u.json"}
	cases := []struct {
		name  string
		files map[string]string
		args  []string
		want  string // regexp the error must match
	}{
		{"boss bad regexp", map[string]string{".import-restrictions": "rules:\n  - selectorRegexp: \"k8s[.io\"\n"},
			boss, `^\.import-restrictions:2: bad regular expression "k8s\[\.io"`},
		{"boss unknown key", map[string]string{".import-restrictions": "rules:\n  - selectorRegexp: x\n    allowedPrefix: [x]\n"},
			boss, `^\.import-restrictions:3: unknown key "allowedPrefix" in a rule; known keys are AllowedPrefixes`},
		{"boss unknown top-level key", map[string]string{".import-restrictions": "{\"Rules\": [], \"Inverse\": []}\n"},
			boss, `^\.import-restrictions:1: unknown key "Inverse" in a rules file`},
		{"boss malformed YAML", map[string]string{".import-restrictions": "rules:\n  - selectorRegexp: [x\n"},
			boss, `^\.import-restrictions:\d+: malformed YAML/JSON`},
		{"boss malformed JSON", map[string]string{".import-restrictions": "{\n  \"Rules\": [\n    {\"SelectorRegexp\": \"x\",}\n  ]\n"},
			boss, `^\.import-restrictions:\d+: malformed YAML/JSON`},
		{"boss wrong type", map[string]string{".import-restrictions": "rules:\n  - selectorRegexp: x\n    transitive: \"yes\"\n"},
			boss, `^\.import-restrictions:3: want true or false, got str "yes"`},
		{"boss rules not a list", map[string]string{".import-restrictions": "rules:\n  selectorRegexp: x\n"},
			boss, `^\.import-restrictions:2: want a list of rules, got a mapping`},
		{"boss duplicate key", map[string]string{".import-restrictions": "rules: []\nRules: []\n"},
			boss, `^\.import-restrictions:2: duplicate key "Rules"`},
		{"boss unreadable rules file", map[string]string{".import-restrictions/x": ""},
			boss, `^\.import-restrictions: cannot read: is a directory`},
		{"boss rules in a parent directory", map[string]string{"sub/a.go": "package sub\n", "sub/.import-restrictions": "rules:\n  - selectorRegexp: (\n"},
			boss, `sub/\.import-restrictions:2: bad regular expression`},
		{"boss package does not parse", map[string]string{"a.go": "package bad\n\nimport \"fmt\n"},
			boss, `cannot load packages; fix these errors first:\nexample\.com/bad: a\.go:3`},
		{"restrictions missing file", nil, restrictions, `^r\.yaml: cannot read: no such file or directory`},
		{"restrictions unknown key", map[string]string{"r.yaml": "- baseImportPath: ./\n  allowedImport: [x]\n"},
			restrictions, `^r\.yaml:2: unknown key "allowedImport" in a restriction`},
		{"restrictions case matters", map[string]string{"r.yaml": "- BaseImportPath: ./\n"},
			restrictions, `^r\.yaml:1: unknown key "BaseImportPath"`},
		{"restrictions absolute base", map[string]string{"r.yaml": "- baseImportPath: /src\n"},
			restrictions, `^r\.yaml:1: baseImportPath "/src" is absolute`},
		{"restrictions missing base", map[string]string{"r.yaml": "- allowedImports: [x]\n"},
			restrictions, `^r\.yaml:1: restriction has no baseImportPath`},
		{"restrictions no packages", map[string]string{"r.yaml": "- baseImportPath: ./nowhere\n", "nowhere/README": ""},
			restrictions, `^r\.yaml:1: found no packages under \./nowhere`},
		{"restrictions not a list", map[string]string{"r.yaml": "baseImportPath: ./\n"},
			restrictions, `^r\.yaml:1: want a list of restrictions, got a mapping`},
		{"restrictions wrong arguments", nil, []string{"restrictions", "example.com/"}, `want exactly two arguments`},
		{"aliases malformed JSON", map[string]string{"hack/.import-aliases": "{\n  \"fmt\": \"fmt\"\n  \"os\": \"os\"\n}\n"},
			aliases, `^hack/\.import-aliases:3: malformed JSON`},
		{"aliases bad regexp", map[string]string{"hack/.import-aliases": "{\n  \"fmt\": \"fmt\",\n  \"k8s.io/(api\": \"api\"\n}\n"},
			aliases, `^hack/\.import-aliases:3: bad regular expression "k8s\.io/\(api"`},
		{"aliases value not a string", map[string]string{"hack/.import-aliases": "{\n  \"fmt\": 1\n}\n"},
			aliases, `^hack/\.import-aliases:2: alias for "fmt" must be a string`},
		{"aliases not an object", map[string]string{"hack/.import-aliases": "[\"fmt\"]\n"},
			aliases, `^hack/\.import-aliases:1: want a JSON object`},
		{"aliases trailing data", map[string]string{"hack/.import-aliases": "{}\n{}\n"},
			aliases, `^hack/\.import-aliases:2: unexpected data after the JSON object`},
		{"aliases alias not an identifier", map[string]string{"hack/.import-aliases": "{\n  \"(f)mt\": \"$1-mt\"\n}\n"},
			aliases, `^hack/\.import-aliases:2: alias "f-mt" for "fmt" is not a Go identifier`},
		{"aliases bad include path", map[string]string{"hack/.import-aliases": "{}"},
			[]string{"aliases", "--include-path", "("}, `bad --include-path regular expression`},
		{"dependencycheck missing file", nil, depcheck, `^deps\.json: cannot read: no such file or directory`},
		{"dependencycheck malformed JSON", map[string]string{"deps.json": "{\"ImportPath\": \"a\"}\n{\"ImportPath\": }\n"},
			depcheck, `^deps\.json:2:16: malformed JSON: invalid character '}' looking for beginning of value`},
		{"dependencycheck truncated", map[string]string{"deps.json": "{\"ImportPath\": \"a\",\n"},
			depcheck, `^deps\.json:2:1: malformed JSON: unexpected end of file`},
		{"dependencycheck wrong type", map[string]string{"deps.json": "{\"ImportPath\": \"a\",\n \"Imports\": \"b\"}\n"},
			depcheck, `^deps\.json:2:\d+: Imports: want \[\]string, got a JSON string`},
		{"dependencycheck not a stream of objects", map[string]string{"deps.json": "[{\"ImportPath\": \"a\"}]\n"},
			depcheck, `^deps\.json:1:1: want the JSON objects .go list -deps -json. prints, got a JSON array`},
		{"dependencycheck no -restrict", map[string]string{"deps.json": ""}, []string{"dependencycheck", "deps.json"}, `^-restrict is required`},
		{"dependencycheck bad -restrict", map[string]string{"deps.json": ""}, []string{"dependencycheck", "-restrict", "^k8s.io/(kubernetes", "deps.json"},
			`^bad -restrict regular expression: missing closing \)`},
		{"dependencycheck bad -exclude", map[string]string{"deps.json": ""}, []string{"dependencycheck", "-restrict", "x", "-exclude", "[a-", "deps.json"},
			`^bad -exclude regular expression: missing closing \]`},
		{"dependencycheck wrong arguments", nil, []string{"dependencycheck", "-restrict", "x", "a.json", "b.json"}, `want exactly one argument`},
		{"dependencyverifier missing file", nil, verifier, `^u\.json: cannot read: no such file or directory`},
		{"dependencyverifier malformed JSON", map[string]string{"u.json": "{\n  \"spec\": {\n    \"unwantedModules\": {\"a\": \"x\",}\n  }\n}\n"},
			verifier, `^u\.json:3:34: malformed JSON: invalid character '}' looking for beginning of object key string`},
		{"dependencyverifier unknown key", map[string]string{"u.json": "{\n  \"spec\": {\n    \"unwantedModule\": {}\n  }\n}\n"},
			verifier, `^u\.json:3: unknown key "unwantedModule" in spec; known keys are pinnedModules, unwantedModules`},
		{"dependencyverifier unknown key in a pin", map[string]string{"u.json": "{\"spec\": {\"pinnedModules\": {\n  \"m\": {\"version\": \"v1.0.0\", \"why\": \"x\"}\n}}}\n"},
			verifier, `^u\.json:2: unknown key "why" in spec.pinnedModules\["m"\]; known keys are reason, version`},
		{"dependencyverifier duplicate module", map[string]string{"u.json": "{\"spec\": {\"unwantedModules\": {\n  \"m\": \"a\",\n  \"m\": \"b\"\n}}}\n"},
			verifier, `^u\.json:3: duplicate key "m" in spec.unwantedModules`},
		{"dependencyverifier wrong type", map[string]string{"u.json": "{\"status\": {\n  \"unwantedReferences\": {\"m\": \"a\"}\n}}\n"},
			verifier, `^u\.json:2: status.unwantedReferences\["m"\] must be an array of strings, got string "a"`},
		{"dependencyverifier not an object", map[string]string{"u.json": "[]\n"},
			verifier, `^u\.json:1: want a JSON object with spec and status, got an array`},
		{"dependencyverifier trailing data", map[string]string{"u.json": "{}\n{}\n"},
			verifier, `^u\.json:2:1: unexpected data after the JSON value`},
		{"dependencyverifier no vendor/modules.txt", map[string]string{"u.json": "{\"spec\": {}, \"status\": {}}\n"},
			verifier, `^vendor/modules\.txt: cannot read: no such file or directory; run go mod vendor`},
		{"dependencyverifier wrong arguments", nil, []string{"dependencyverifier"}, `want exactly one argument`},
		{"unknown flag", nil, []string{"import-boss", "--nope"}, `flag provided but not defined: -nope`},
	}
	var all strings.Builder
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"go.mod": goMod, "bad.go": goFile}
			for name, content := range tc.files {
				files[name] = content
			}
			for name, content := range files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := runMain(t, dir, tc.args...)
			if code != ExitBadConfig {
				t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, ExitBadConfig, stdout, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout not empty: %q", stdout)
			}
			msg := strings.TrimPrefix(stderr, "importverifier ")
			if _, after, ok := strings.Cut(msg, ": "); ok && !strings.HasPrefix(stderr, "flag") {
				msg = after // drop the mode name
			}
			msg = strings.ReplaceAll(msg, dir+string(filepath.Separator), "")
			if !regexp.MustCompile(tc.want).MatchString(msg) {
				t.Errorf("error %q does not match %q", msg, tc.want)
			}
			all.WriteString("== " + tc.name + "\n" + strings.ReplaceAll(stderr, dir+string(filepath.Separator), "") + "\n")
		})
	}
	if !t.Failed() {
		golden(t, "badconfig", all.String())
	}
}
