"""Checks for the note on moving data between subinterpreters (concepts/subinterpreters.md).

    python concepts/checks/check_subinterpreters.py             # every check
    python concepts/checks/check_subinterpreters.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason`` or
``SKIP name: reason``. The exit status is 1 when a check fails.

Every check uses the public module ``concurrent.interpreters`` of Python 3.14+ and is
skipped, with the reason, where it is missing (3.13 and older, other implementations).

The functions sent to another interpreter with ``Interpreter.call`` use no globals and
no closure ("stateless" functions), so they can be sent as they are; anything they need
comes in as an argument or is imported inside them. Nothing here depends on timing.
"""

import platform
import sys
import threading

from _harness import Checks, Skip, expect

check = Checks()


def api():
    """The module concurrent.interpreters, or Skip with the reason."""
    try:
        from concurrent import interpreters
    except ImportError:
        raise Skip(f"concurrent.interpreters arrived in Python 3.14 (PEP 734); this is "
                   f"{platform.python_implementation()} {platform.python_version()}") from None
    return interpreters


class Interpreter:
    """A new interpreter for one check, closed at the end of the `with` block."""

    def __enter__(self):
        self.interp = api().create()
        return self.interp

    def __exit__(self, *exc):
        self.interp.close()


# --- functions that run in the other interpreter (no globals, no closure) --------------


def add(a, b):
    return a + b


def append_and_return(items):
    items.append("changed there")
    return items


def marker_seen(module_name, attribute):
    import importlib

    module = importlib.import_module(module_name)
    return hasattr(module, attribute)


def set_marker(module_name, attribute):
    import importlib

    setattr(importlib.import_module(module_name), attribute, True)


def modules_dict_id():
    import sys

    return id(sys.modules)


def fail(text):
    raise ValueError(text)


def read_main(name, index):
    import __main__

    return getattr(__main__, name)[index]


def echo(value):
    return value


# --- checks ------------------------------------------------------------------------------


@check
def shareable_types_are_shareable():
    interpreters = api()
    for value in (None, True, 7, 2.5, "text", b"bytes", (1, "two", None)):
        expect(interpreters.is_shareable(value), f"{value!r} is not shareable")
    for value in ([1, 2], {"a": 1}, {1, 2}, bytearray(b"x"), threading.Lock()):
        expect(not interpreters.is_shareable(value),
               f"{type(value).__name__} is shareable, although it is mutable")


@check
def call_returns_the_result():
    with Interpreter() as interp:
        expect(interp.call(add, 2, 3) == 5, "call(add, 2, 3) did not return 5")
        expect(interp.call(add, "sub", "interpreter") == "subinterpreter",
               "call(add, 'sub', 'interpreter') did not return 'subinterpreter'")


@check
def mutable_objects_are_copied_not_shared():
    items = ["made here"]
    with Interpreter() as interp:
        back = interp.call(append_and_return, items)
        expect(back == ["made here", "changed there"], f"the other interpreter returned {back}")
        expect(items == ["made here"], f"the other interpreter changed our list: {items}")
        expect(back is not items, "the result is our own list object")
        # prepare_main() binds names in the other interpreter's __main__: a copy too.
        interp.prepare_main(items=items)
        interp.exec("items.append('changed there'); assert len(items) == 2")
        expect(items == ["made here"], f"exec() in the other interpreter changed our list: "
                                       f"{items}")


@check
def memoryview_shares_its_buffer():
    buffer = bytearray(4)
    with Interpreter() as interp:
        interp.prepare_main(view=memoryview(buffer))
        buffer[0] = 42  # written after the view was sent: a copy would not see it
        seen = interp.call(read_main, "view", 0)
    expect(seen == 42, f"the other interpreter's view reads {seen}, not our later write 42")


@check
def queue_carries_objects_both_ways():
    interpreters = api()
    to_them, to_us = interpreters.create_queue(), interpreters.create_queue()
    sent = {"numbers": [1, 2, 3]}
    to_them.put(sent)
    to_them.put("a str")
    with Interpreter() as interp:
        interp.prepare_main(inbox=to_them, outbox=to_us)  # queues are shared, not copied
        interp.exec("got = inbox.get(timeout=10)\n"
                    "got['numbers'].append(4)\n"
                    "outbox.put(got)\n"
                    "outbox.put(inbox.get(timeout=10).upper())\n")
    back = to_us.get(timeout=10)
    expect(back == {"numbers": [1, 2, 3, 4]}, f"the queue brought back {back}")
    expect(sent == {"numbers": [1, 2, 3]}, f"the other interpreter changed our dict: {sent}")
    text = to_us.get(timeout=10)
    expect(text == "A STR", f"the queue brought back {text!r}")
    expect(to_us.empty() and to_them.empty(), "items were left in a queue")


@check
def each_interpreter_has_its_own_modules():
    import json

    json.concepts_marker_here = True
    try:
        with Interpreter() as interp:
            expect(interp.call(modules_dict_id) != id(sys.modules),
                   "the other interpreter uses our sys.modules")
            expect(not interp.call(marker_seen, "json", "concepts_marker_here"),
                   "the other interpreter's json module has an attribute we set on ours")
            interp.call(set_marker, "json", "concepts_marker_there")
            expect(interp.call(marker_seen, "json", "concepts_marker_there"),
                   "an attribute set on json in the other interpreter did not stay there")
            expect(not hasattr(json, "concepts_marker_there"),
                   "an attribute set on json in the other interpreter appeared on ours")
    finally:
        del json.concepts_marker_here


@check
def exceptions_come_back_as_execution_failed():
    interpreters = api()
    with Interpreter() as interp:
        try:
            interp.call(fail, "raised there")
        except interpreters.ExecutionFailed as exc:
            expect("ValueError" in str(exc) and "raised there" in str(exc),
                   f"ExecutionFailed does not describe the ValueError: {exc}")
        except ValueError:
            raise AssertionError("the ValueError itself crossed over, not ExecutionFailed")\
                from None
        else:
            raise AssertionError("a function that raised returned normally")


@check
def unpicklable_objects_cannot_be_sent():
    with Interpreter() as interp:
        try:
            interp.call(echo, threading.Lock())
        except TypeError as exc:  # NotShareableError is a TypeError
            expect("lock" in str(exc).lower() or "shareable" in str(exc).lower()
                   or "pickle" in str(exc).lower(), f"unexpected reason: {exc}")
        else:
            raise AssertionError("a threading.Lock was sent to another interpreter")


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
