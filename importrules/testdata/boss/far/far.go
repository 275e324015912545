package far

import "example.com/boss/friend"

const Got = friend.Share
