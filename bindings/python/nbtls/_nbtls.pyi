# Type stub for the CFFI extension module generated from include/nbtls/*.h.
# The C declarations are typed by cffi at run time; the typed Python API is
# nbtls._lowlevel (1:1 with the C ABI) and the friendly layer above it.
from typing import Any

ffi: Any
lib: Any
