module example.com/a

go 1.26

require example.com/bad1 v1.0.0
