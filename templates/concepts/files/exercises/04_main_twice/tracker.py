"""Remembers which module bodies ran. It is imported once, so its list survives."""

runs = []
