// Only this old version of b requires example.com/bad4.
module example.com/b

go 1.26

require example.com/bad4 v1.0.0
