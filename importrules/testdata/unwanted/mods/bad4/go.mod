module example.com/bad4

go 1.26
