"""The other half of the fixed pair: `late_orders.Order` is read inside a method."""

import late_orders


class Customer:
    def __init__(self, name):
        self.name = name

    def order(self):
        return late_orders.Order(self)
