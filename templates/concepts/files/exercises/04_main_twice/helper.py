"""A module that imports `run` by name, as if run.py were an ordinary module."""

import run


def read_value():
    return run.value


def run_module():
    return run
