"""Exercise 16: two modules that import each other.

Each line prints "label: value". Predict the values in prediction.txt first.
orders.py and customers.py import a name from each other at the top; the
late_ pair imports the other module and reads its names only inside functions.
"""

import sys

try:
    import orders  # noqa: F401  (the cycle runs here)
except ImportError as exc:
    error = exc
else:
    error = None

print("importing orders raises:", type(error).__name__ if error else "nothing")
print("the half-run module named by the error:", error.name if error else "-")
print("the error says it is most likely a circular import:",
      bool(error) and "circular import" in str(error))
print("orders or customers left in sys.modules after the failure:",
      "orders" in sys.modules or "customers" in sys.modules)

import late_orders  # noqa: E402  (the fixed cycle)

order = late_orders.place_order("ada")
print("the fixed pair, place_order('ada') gives an Order for:", order.customer.name)
print("# the error's message:", error)
