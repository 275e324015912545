// The internal test build of friend imports guarded too; import-boss names
// it "example.com/boss/friend ((tests:friend))", which the allowed prefix
// example.com/boss/friend does not cover.
package friend

import (
	"testing"

	"example.com/boss/guarded"
)

func TestShare(t *testing.T) { _ = guarded.Treasure }
