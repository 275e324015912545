package enemy

import "example.com/boss/guarded"

const Steal = guarded.Treasure
