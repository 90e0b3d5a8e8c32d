"""Exercise 03: what does importlib.reload change, and what not?

Each line prints "label: value". Predict the values in prediction.txt first.
"""

import importlib

import settings
import tracker
from settings import colors

module_before = settings
colors.append("green")  # changes the one list that both names refer to

reloaded = importlib.reload(settings)

print("settings.py body ran (times):", tracker.runs.count("settings"))
print("reload returned the same module object:", reloaded is module_before)
print("colors:", colors)
print("settings.colors:", settings.colors)
print("colors is settings.colors:", colors is settings.colors)
