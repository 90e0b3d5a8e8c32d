"""A module whose body we run twice with importlib.reload."""

import tracker

tracker.runs.append("settings")

colors = ["red"]
