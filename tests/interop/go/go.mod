module nbtls/interop

go 1.22
