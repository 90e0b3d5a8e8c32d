"""...and customers need orders: the other half of the cycle."""

from orders import Order


class Customer:
    def __init__(self, name):
        self.name = name

    def order(self):
        return Order(self)
