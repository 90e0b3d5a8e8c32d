"""Exercise 01: what does `from shop import price` bind?

Each line prints "label: value". Predict the values in prediction.txt first.
"""

import shop
from shop import basket, price

print("right after the import, price is shop.price:", price is shop.price)

shop.change()

print("price:", price)
print("shop.price:", shop.price)
print("after shop.change(), price is shop.price:", price is shop.price)
print("basket:", basket)
print("basket is shop.basket:", basket is shop.basket)
