"""Exercise 02: how often does a module's body run?

Each line prints "label: value". Predict the values in prediction.txt first.
"""

import sys

import other
import tracker


def import_noisy():
    import noisy  # an import statement inside a function runs every time it is called

    return noisy


first = import_noisy()
second = import_noisy()
via_other = other.noisy_module()

print("noisy.py body ran, after three imports (times):", tracker.runs.count("noisy"))
print("the three imports gave one module object:", first is second is via_other)
print('sys.modules["noisy"] is that object:', sys.modules["noisy"] is first)

del sys.modules["noisy"]  # forget the cached module
again = import_noisy()

print("after deleting the cache entry and importing again, body ran (times):",
      tracker.runs.count("noisy"))
print("the new import gave the old module object:", again is first)
