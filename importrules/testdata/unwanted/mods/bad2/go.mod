module example.com/bad2

go 1.26
