module example.com/rs

go 1.26
