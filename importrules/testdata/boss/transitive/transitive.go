package transitive

import "example.com/boss/app"

var _ = app.Run
