"""Exercise 12: identity and reference counts (CPython).

Each line prints "label: value". Predict the values in prediction.txt first.
Reference counts are compared as differences: the absolute numbers change
between Python versions, so they only appear on a # line.
"""

import platform
import sys

if not hasattr(sys, "getrefcount"):
    sys.exit(f"{platform.python_implementation()} has no sys.getrefcount: it does not count "
             "references. This exercise is about CPython.")


class Point:
    pass


p = Point()
p.n = 1000
p.items = []
before = id(p), id(p.n), id(p.items)
old_n = p.n  # keep the old int alive, so its id cannot be reused
p.n += 1
p.items.append(1)

print("id(p) unchanged after p.n += 1 and p.items.append(1):", id(p) == before[0])
print("id(p.n) unchanged after p.n += 1:", id(p.n) == before[1])
print("id(p.items) unchanged after p.items.append(1):", id(p.items) == before[2])

box = Point()
base = sys.getrefcount(box)
refs = [box, box, box]
print("getrefcount(box) minus the start value, after refs = [box, box, box]:",
      sys.getrefcount(box) - base)
alias = box
print("getrefcount(box) minus the start value, after also alias = box:",
      sys.getrefcount(box) - base)
del refs
print("getrefcount(box) minus the start value, after del refs:",
      sys.getrefcount(box) - base)

none_before = sys.getrefcount(None)
nones = [None] * 1000
print("getrefcount(None) changed after making a list of 1000 Nones:",
      sys.getrefcount(None) != none_before)

print("# getrefcount(box) right now:", sys.getrefcount(box))
print("# getrefcount(None) right now:", sys.getrefcount(None))
