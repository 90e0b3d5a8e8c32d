"""Checks for the note on circular imports (concepts/circular_imports.md).

    python concepts/checks/check_circular_imports.py             # every check
    python concepts/checks/check_circular_imports.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason`` or
``SKIP name: reason``. The exit status is 1 when a check fails.

Every scenario writes its own small modules (with names of their own) to a
temporary directory and imports them in this process, so nothing in the project
is touched and no scenario sees another one's modules.
"""

import importlib
import sys

from _harness import Checks, expect

check = Checks()

MODULES = {
    # 1. A cycle of from-imports: a imports b, b imports a name from a half-run a.
    "cy_from_a.py": """
        from cy_from_b import helper
        def main():
            return "main"
        """,
    "cy_from_b.py": """
        from cy_from_a import main
        def helper():
            return "helper"
        """,
    # 2. The same cycle with `import` and an attribute read while b's body runs.
    "cy_attr_a.py": """
        import cy_attr_b
        def main():
            return "main"
        """,
    "cy_attr_b.py": """
        import cy_attr_a
        ENTRY = cy_attr_a.main
        """,
    # 3. Fix: import the module, look the name up when it is used.
    "cy_late_a.py": """
        import cy_late_b
        def main():
            return "main"
        def run():
            return cy_late_b.helper()
        """,
    "cy_late_b.py": """
        import cy_late_a
        def helper():
            return "helper called " + cy_late_a.main()
        """,
    # 4. Fix: move the import into the function that needs it.
    "cy_local_a.py": """
        from cy_local_b import helper
        def main():
            return "main"
        """,
    "cy_local_b.py": """
        def helper():
            from cy_local_a import main
            return "helper called " + main()
        """,
    # 5. Fix: what both need moves to a third module that imports neither.
    "cy_common.py": """
        def main():
            return "main"
        """,
    "cy_third_a.py": """
        from cy_common import main
        from cy_third_b import helper
        """,
    "cy_third_b.py": """
        from cy_common import main
        def helper():
            return "helper called " + main()
        """,
    # 6. A module is in sys.modules before its body has finished.
    "cy_seen.py": """
        import sys
        IN_SYS_MODULES_WHILE_RUNNING = __name__ in sys.modules
        HALF_DONE_HAS_LATER_NAME = hasattr(sys.modules[__name__], "LATER")
        LATER = 1
        """,
}


def fresh_import(name):
    """Import `name` as if for the first time (forgetting every example module)."""
    for module in [m for m in sys.modules if m.startswith("cy_")]:
        del sys.modules[module]
    return importlib.import_module(name)


def import_error(name):
    try:
        fresh_import(name)
    except (ImportError, AttributeError) as exc:
        return exc
    return None


# --- checks ------------------------------------------------------------------


@check
def module_is_cached_before_its_body_runs():
    seen = fresh_import("cy_seen")
    expect(seen.IN_SYS_MODULES_WHILE_RUNNING,
           "a module was not in sys.modules while its own body ran")
    expect(not seen.HALF_DONE_HAS_LATER_NAME,
           "a name defined further down existed before its line ran")


@check
def from_import_in_a_cycle_fails():
    exc = import_error("cy_from_a")
    expect(type(exc) is ImportError, f"expected ImportError, got {exc!r}")
    text = str(exc)
    expect("cannot import name 'main'" in text and "partially initialized module" in text
           and "circular import" in text, f"unexpected message: {text}")
    expect("cy_from_a" not in sys.modules and "cy_from_b" not in sys.modules,
           "a failed import left its half-run modules in sys.modules")


@check
def attribute_of_a_half_run_module_fails():
    exc = import_error("cy_attr_a")
    expect(type(exc) is AttributeError, f"expected AttributeError, got {exc!r}")
    text = str(exc)
    expect("has no attribute 'main'" in text, f"unexpected message: {text}")
    if sys.version_info < (3, 13):
        expect("partially initialized module" in text and "circular import" in text,
               f"before 3.13 the message names the circular import: {text}")
    else:  # 3.13 may blame a module that shadows another one instead
        expect("circular import" in text or "consider renaming" in text,
               f"unexpected message: {text}")


@check
def import_module_and_look_up_later_works():
    a = fresh_import("cy_late_a")
    expect(a.run() == "helper called main", f"a.run() gave {a.run()!r}")


@check
def import_inside_the_function_works():
    a = fresh_import("cy_local_a")
    expect(a.helper() == "helper called main", f"helper() gave {a.helper()!r}")


@check
def third_module_breaks_the_cycle():
    a = fresh_import("cy_third_a")
    expect(a.helper() == "helper called main", f"helper() gave {a.helper()!r}")
    expect(a.main is sys.modules["cy_common"].main, "the two modules got different objects")


def main(argv):
    return check.run_with_modules(argv, MODULES, "concepts_cycles_")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
