"""The small harness every check script uses.

A check is a function that proves one claim of a note. It calls ``expect(condition,
reason)`` for what must hold (unlike ``assert``, this still works under ``python -O``), raises
``Skip(reason)`` when the claim does not apply to this interpreter, raises
``Inconclusive(reason)`` when a measurement could not tell because the machine was too busy,
and is registered with the ``@check`` decorator of its script. ``check.run(names)`` runs them
and prints one line per check: ``PASS name``, ``FAIL name: reason``, ``SKIP name: reason`` or
``INCONCLUSIVE name: reason (machine too busy)``.

Timing claims use ``Budget``: a check repeats its measurement, each time a bit longer, until
the result is clear or the budget (in seconds of wall time) is spent.
"""

import os
import sys
import tempfile
import textwrap
import time


class Skip(Exception):
    """Raised by a check whose claim does not apply to this interpreter."""


class Inconclusive(Exception):
    """Raised by a check whose measurement could not separate the claim from a busy machine.

    It is never a verdict on the note: the same check on a quieter machine decides."""


class Budget:
    """Wall-time budget for an adaptive measurement: ``for attempt in Budget(3.0):`` gives
    0, 1, 2, ... while time is left (always at least one attempt)."""

    def __init__(self, seconds, max_attempts=8):
        self.seconds = seconds
        self.max_attempts = max_attempts

    def __iter__(self):
        start = time.perf_counter()
        for attempt in range(self.max_attempts):
            if attempt and time.perf_counter() - start > self.seconds:
                return
            yield attempt


def expect(condition, reason):
    """Fail the current check with `reason` unless `condition` holds."""
    if not condition:
        raise AssertionError(reason)


class Checks:
    """The checks of one script, in the order they are defined."""

    def __init__(self):
        self.funcs = []
        # With run_with_modules: the temporary directory holding the example modules.
        self.workdir = ""

    def __call__(self, func):
        self.funcs.append(func)
        return func

    def run_with_modules(self, names, modules, prefix):
        """Write `modules` ({file name: source}) into a temporary directory put first on
        sys.path (as `self.workdir`, no bytecode written), run the checks, then clean up."""
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            self.workdir = tmp
            for name, source in modules.items():
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                    f.write(textwrap.dedent(source).lstrip())
            sys.path.insert(0, tmp)
            sys.dont_write_bytecode = True
            try:
                return self.run(names)
            finally:
                sys.path.remove(tmp)

    def run(self, names):
        """Run the named checks (all when `names` is empty); 0 ok, 1 a FAIL, 2 bad names.

        INCONCLUSIVE is not a failure: the exit status stays 0."""
        known = [f.__name__ for f in self.funcs]
        unknown = [n for n in names if n not in known]
        if unknown:
            print(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(known)}")
            return 2
        failed = False
        for func in self.funcs:
            if names and func.__name__ not in names:
                continue
            try:
                func()
            except Skip as exc:
                line = f"SKIP {func.__name__}: {exc}"
            except Inconclusive as exc:
                line = f"INCONCLUSIVE {func.__name__}: {exc} (machine too busy)"
            except AssertionError as exc:
                line = f"FAIL {func.__name__}: {exc}"
                failed = True
            except Exception as exc:
                line = f"FAIL {func.__name__}: unexpected {type(exc).__name__}: {exc}"
                failed = True
            else:
                line = f"PASS {func.__name__}"
            # One line per check, whatever the reason contains.
            print(" ".join(line.split()), flush=True)
        return 1 if failed else 0
