// Tests are excluded for client: this import is not reported.
package client

import (
	"testing"

	"example.com/rs/util/stringsx"
)

func TestClient(t *testing.T) { _ = stringsx.X }
