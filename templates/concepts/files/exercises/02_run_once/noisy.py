"""A module that records every run of its body in tracker.runs."""

import tracker

tracker.runs.append("noisy")

GREETING = "hello from noisy"
