"""Exercise 13: what frees an object, and what is the `gc` module for?

Each line prints "label: value". Predict the values in prediction.txt first.
A weakref.finalize callback tells us the moment an object is freed.
"""

import gc
import weakref


class Node:
    pass


freed = []

print("the cycle collector is on when Python starts:", gc.isenabled())
print("gc tracks a list:", gc.is_tracked([]))
print("gc tracks an int:", gc.is_tracked(1000))

gc.disable()  # from here on, only reference counting can free anything
try:
    single = Node()
    weakref.finalize(single, freed.append, "single")
    del single
    print("a lone object was freed at its del (collector off):", "single" in freed)

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: each keeps the other's count above zero
    weakref.finalize(a, freed.append, "cycle")
    del a, b
    print("two objects in a cycle were freed at their del (collector off):", "cycle" in freed)

    gc.collect()  # an explicit collection runs even while the collector is off
    print("the cycle was freed by gc.collect():", "cycle" in freed)
finally:
    gc.enable()

words = ("pool", "arena", "malloc", "alloc")
print("the gc module has a function about memory pools or allocators:",
      any(word in name.lower() for name in dir(gc) for word in words))
