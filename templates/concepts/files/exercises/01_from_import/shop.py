"""A tiny module with two globals: an int and a list."""

price = 1000  # an int: it can only be replaced by another int, never changed in place
basket = []  # a list: it can be changed in place


def change():
    """Rebind `price` to a new int object and change the `basket` list in place."""
    global price
    price = price + 1
    basket.append("apple")
