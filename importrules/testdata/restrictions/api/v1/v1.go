package v1

import "example.com/rs/client"

var _ = client.X
