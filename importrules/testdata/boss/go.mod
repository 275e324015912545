module example.com/boss

go 1.26
