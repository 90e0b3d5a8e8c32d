"""Checks for the note on interpreters (concepts/interpreters.md).

    python concepts/checks/check_interpreters.py             # every check
    python concepts/checks/check_interpreters.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason`` or
``SKIP name: reason``. The exit status is 1 when a check fails.

Numbers are built at run time with int("...") so that the compiler cannot
share one constant object between two expressions.
"""

import platform
import re
import sys

from _harness import Checks, Skip, expect

check = Checks()

IMPLEMENTATION = platform.python_implementation()
IS_CPYTHON = IMPLEMENTATION == "CPython"

# sys.implementation.name -> platform.python_implementation()
KNOWN = {
    "cpython": "CPython",
    "pypy": "PyPy",
    "graalpy": "GraalVM",
    "ironpython": "IronPython",
}


def require_cpython(what):
    if not IS_CPYTHON:
        raise Skip(f"{what} is a CPython detail; this is {IMPLEMENTATION}")


# --- checks ------------------------------------------------------------------


@check
def implementation_is_identified():
    name = sys.implementation.name
    expect(name in KNOWN, f"unknown implementation name {name!r}")
    expect(KNOWN[name] == IMPLEMENTATION,
           f"sys.implementation.name={name!r} but platform says {IMPLEMENTATION!r}")
    expect(sys.implementation.cache_tag is not None, "sys.implementation.cache_tag is None")


@check
def language_vs_implementation_version():
    require_cpython("implementation version == language version")
    expect(tuple(sys.implementation.version[:3]) == tuple(sys.version_info[:3]),
           f"{sys.implementation.version} != {sys.version_info}")


@check
def id_is_address_in_cpython():
    require_cpython("id() as a memory address")
    import ctypes

    obj = object()
    expect(ctypes.cast(id(obj), ctypes.py_object).value is obj,
           "the object found at address id(obj) is not obj")
    shown = re.search(r"at (0x[0-9a-fA-F]+)", repr(obj))
    expect(shown is not None and int(shown.group(1), 16) == id(obj),
           f"repr {obj!r} does not show the address id(obj) = {hex(id(obj))}")


@check
def ids_unique_among_live_objects():
    alive = [object() for _ in range(1000)]
    expect(len({id(o) for o in alive}) == len(alive), "two live objects share an id")


@check
def is_compares_identity():
    a = [1, 2]
    b = a
    c = [1, 2]
    expect(a == c and a is not c, "equal but distinct lists compare as identical")
    expect(a is b and id(a) == id(b), "two names for one object are not identical")
    expect(id(a) != id(c), "distinct live objects have the same id")


@check
def small_int_cache():
    require_cpython("the small-int cache")
    for text in ("-5", "0", "256"):
        expect(int(text) is int(text), f"int({text!r}) is not cached")
    expect(int("5000") is not int("5000"), "int('5000') built twice gave one object")


@check
def is_with_a_literal_warns():
    require_cpython("the wording of this warning")
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile("x is 1000", "<check>", "eval")
    messages = [str(w.message) for w in caught if issubclass(w.category, SyntaxWarning)]
    expect(len(messages) == 1, f"expected one SyntaxWarning, got {messages}")
    wanted = ("\"is\" with 'int' literal. Did you mean \"==\"?" if sys.version_info >= (3, 12)
              else "\"is\" with a literal. Did you mean \"==\"?")
    expect(messages[0] == wanted, f"the warning says {messages[0]!r}, not {wanted!r}")


@check
def strings_built_at_run_time_are_distinct():
    require_cpython("string interning")
    parts = ["hel", "lo"]
    s1, s2 = "".join(parts), "".join(parts)
    expect(s1 == s2 and s1 is not s2, "two run-time strings are the same object")
    expect(sys.intern(s1) is sys.intern(s2), "sys.intern() did not return one object")


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
