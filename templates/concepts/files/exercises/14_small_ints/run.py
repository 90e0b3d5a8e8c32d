"""Exercise 14: `is`, `==`, id() and the small-int cache (CPython).

Each line prints "label: value". Predict the values in prediction.txt first.
The numbers are built at run time with int("...") so that the compiler cannot
share one constant between the two sides.
"""

import ctypes
import platform
import sys
import warnings

print('int("256") is int("256"):', int("256") is int("256"))
print('int("5000") is int("5000"):', int("5000") is int("5000"))
print('int("5000") == int("5000"):', int("5000") == int("5000"))
print('int("-6") is int("-6"):', int("-6") is int("-6"))

word = "python"
built = "".join(["py", "thon"])
print("a string joined at run time is the literal \"python\":", built is word)
print("after sys.intern(), it is the literal:", sys.intern(built) is word)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    compile("x is 1000", "<example>", "eval")
print("compiling `x is 1000` gives a warning of type:",
      ", ".join(w.category.__name__ for w in caught) or "none")

thing = object()
if platform.python_implementation() == "CPython":
    found = ctypes.cast(id(thing), ctypes.py_object).value is thing
else:  # elsewhere id() is not an address: reading memory there could crash
    found = "n/a (not CPython)"
print("the object found at the address id(thing) is thing:", found)

print("# implementation:", platform.python_implementation(), platform.python_version())
