package stranger

import "example.com/boss/guarded"

const Look = guarded.Treasure
