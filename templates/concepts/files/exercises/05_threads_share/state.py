"""Module globals that a thread changes."""

counter = 0
seen_by = []


def bump():
    global counter  # without this line, `counter += 1` would make counter local
    counter += 1


def bump_without_global():
    counter += 1  # noqa: F823, F841  (the mistake this exercise is about)
