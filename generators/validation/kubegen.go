package validation

// What kubegen (package generators/codegen) asks of the generator besides
// run.Generator.

// CacheFiles are the files other than Go code that a run reads, which
// kubegen's cache fingerprints: the --test-allowlist file. (Read-only
// packages are Go code of the module or the module cache, and the files
// under --test-output-root are outputs, in OutputDirs.)
func (g *Generator) CacheFiles() []string {
	if g.TestAllowlist == "" {
		return nil
	}
	return []string{g.TestAllowlist}
}
