package client

import (
	"example.com/rs/api"
	"example.com/rs/util"
)

var X, _ = 1, api.Version + util.X
