package friend

import "example.com/boss/guarded"

const Share = guarded.Treasure
