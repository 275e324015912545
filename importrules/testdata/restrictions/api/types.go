package api

import (
	"fmt"

	"example.com/rs/util"
	"example.com/rs/util/strings"
)

var _, _, _ = fmt.Sprint, util.X, strings.X
