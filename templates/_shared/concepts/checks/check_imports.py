"""Checks for the note on imports (concepts/imports.md).

Each check proves one claim of the note on the interpreter that runs it.
The example modules are written to a temporary directory, so nothing in the
project is touched.

    python concepts/checks/check_imports.py             # every check
    python concepts/checks/check_imports.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason`` or
``SKIP name: reason``. The exit status is 1 when a check fails.
"""

import importlib
import os
import subprocess
import sys
import threading

from _harness import Checks, expect

check = Checks()


# --- example modules ---------------------------------------------------------

MODULES = {
    # Records every execution of a module body, so "ran once" can be asserted.
    "demo_ledger.py": """
        runs = []
        """,
    # The module that owns the variable (module `a` of the note).
    "demo_a.py": """
        import threading

        import demo_ledger

        demo_ledger.runs.append(__name__)

        value = object()   # a brand-new object: `is` tells exactly which one a name holds
        items = []
        counter = 0


        def set_value(new):
            global value
            value = new


        def set_value_in_thread(new):
            def worker():
                global value
                value = new
                items.append("appended by a thread")

            t = threading.Thread(target=worker)
            t.start()
            t.join()


        def bump():
            global counter
            counter += 1


        def bump_without_global():
            counter += 1   # assigns, so `counter` is local here: UnboundLocalError
        """,
    # The importer (module `b` of the note).
    "demo_b.py": """
        from demo_a import items, value

        import demo_a


        def current_value():
            return demo_a.value
        """,
    # A module whose attribute lookups can be counted (PEP 562 module __getattr__).
    "demo_lazy.py": """
        lookups = []


        def __getattr__(name):
            if name == "dyn":
                lookups.append(name)
                return len(lookups)
            raise AttributeError(name)
        """,
    # Run as a script; its helper imports it back by its file name.
    "demo_script_a.py": """
        print("a body runs as", __name__)
        value = 1

        import demo_script_b

        if __name__ == "__main__":
            value = 2
            print("main sees", value, "b sees", demo_script_b.read())
        """,
    "demo_script_b.py": """
        import demo_script_a


        def read():
            return demo_script_a.value
        """,
}

DEMO_NAMES = ("demo_ledger", "demo_a", "demo_b", "demo_lazy")


def fresh(*names):
    """Forget the demo modules, then import `names` again as if for the first time."""
    for name in DEMO_NAMES:
        sys.modules.pop(name, None)
    return [importlib.import_module(name) for name in names]


# --- checks ------------------------------------------------------------------


@check
def import_binds_module_name():
    fresh()
    ns = {}
    exec("import demo_a", ns)
    expect(ns["demo_a"] is sys.modules["demo_a"],
           "`import demo_a` did not bind the module object from sys.modules")


@check
def from_import_binds_same_object():
    fresh()
    ns = {}
    exec("from demo_a import value, items", ns)
    a = sys.modules["demo_a"]
    expect(ns["value"] is a.value, "the imported name holds another object than demo_a.value")
    expect(ns["items"] is a.items, "the imported list is not the module's list")
    expect("demo_a" not in ns, "`from demo_a import ...` also bound the name demo_a")


@check
def from_import_looks_up_once():
    (lazy,) = fresh("demo_lazy")
    ns = {}
    exec("from demo_lazy import dyn", ns)
    after_import = len(lazy.lookups)
    seen = [ns["dyn"], ns["dyn"], ns["dyn"]]
    expect(after_import == 1, f"the import looked the name up {after_import} times, not 1")
    expect(seen == [1, 1, 1] and len(lazy.lookups) == 1,
           "using the imported name looked the attribute up again")
    expect(lazy.dyn == 2 and len(lazy.lookups) == 2,
           "`module.attr` did not look the attribute up at use time")


@check
def module_body_runs_once():
    a, b, ledger = fresh("demo_a", "demo_b", "demo_ledger")
    again = importlib.import_module("demo_a")
    expect(ledger.runs == ["demo_a"], f"module body ran {len(ledger.runs)} times: {ledger.runs}")
    expect(again is a and b.demo_a is a, "importing again gave a different module object")


@check
def sys_modules_is_the_cache():
    a, ledger = fresh("demo_a", "demo_ledger")
    expect(sys.modules["demo_a"] is a, "the imported module is not the one in sys.modules")
    del sys.modules["demo_a"]
    a2 = importlib.import_module("demo_a")
    expect(a2 is not a, "removing the sys.modules entry did not force a new module object")
    expect(ledger.runs == ["demo_a", "demo_a"], f"expected the body to run twice: {ledger.runs}")


@check
def rebinding_not_seen_by_from_import():
    a, b = fresh("demo_a", "demo_b")
    original = a.value
    new = object()
    a.set_value(new)
    expect(a.value is new, "demo_a.value was not rebound")
    expect(b.current_value() is new, "reading demo_a.value at use time missed the rebinding")
    expect(b.value is original, "b's from-imported name no longer holds the original object")


@check
def mutation_seen_through_both_names():
    a, b = fresh("demo_a", "demo_b")
    a.items.append(42)
    expect(b.items == [42] and b.items is a.items, "b.items does not show the in-place change")


@check
def rebinding_importer_name_is_local():
    a, b = fresh("demo_a", "demo_b")
    original = a.value
    b.value = "b's own object"
    expect(a.value is original, "rebinding b.value changed demo_a.value")


@check
def reload_reruns_in_same_module():
    a, b, ledger = fresh("demo_a", "demo_b", "demo_ledger")
    old_value, old_items = a.value, a.items
    reloaded = importlib.reload(a)
    expect(reloaded is a and sys.modules["demo_a"] is a, "reload created a new module object")
    expect(ledger.runs == ["demo_a", "demo_a"], f"reload did not rerun the body: {ledger.runs}")
    expect(a.value is not old_value and a.items is not old_items,
           "reload did not create new objects for the module's names")
    expect(b.value is old_value and b.items is old_items,
           "b's from-imported names were updated by the reload")


@check
def threads_share_module_globals():
    a, b = fresh("demo_a", "demo_b")
    original = a.value
    new = object()
    a.set_value_in_thread(new)
    expect(a.value is new, "the main thread does not see the thread's rebinding of demo_a.value")
    expect(b.items == ["appended by a thread"], "the thread's append is not visible")
    expect(b.value is original, "b's from-imported name no longer holds the original object")


@check
def rebinding_needs_global():
    (a,) = fresh("demo_a")
    errors = []

    def run(func):
        try:
            func()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    t = threading.Thread(target=run, args=(a.bump_without_global,))
    t.start()
    t.join()
    expect(len(errors) == 1 and isinstance(errors[0], UnboundLocalError),
           f"expected UnboundLocalError without `global`, got {errors!r}")
    expect(a.counter == 0, "the failed bump changed the counter")
    a.bump()
    expect(a.counter == 1, "`global counter; counter += 1` did not rebind the module global")


@check
def main_script_imported_twice():
    script = os.path.join(check.workdir, "demo_script_a.py")
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    # -S skips the site import: faster start-up; the script needs nothing from site.
    proc = subprocess.run([sys.executable, "-S", script], cwd=check.workdir, env=env,
                          capture_output=True, text=True, timeout=60)
    lines = proc.stdout.splitlines()
    expected = ["a body runs as __main__", "a body runs as demo_script_a",
                "main sees 2 b sees 1"]
    expect(proc.returncode == 0, f"script exited {proc.returncode}: {proc.stderr.strip()[-200:]}")
    expect(lines == expected, f"unexpected output {lines!r}")


def main(argv):
    return check.run_with_modules(argv, MODULES, "concepts_imports_")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
