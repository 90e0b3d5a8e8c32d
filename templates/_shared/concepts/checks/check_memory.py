"""Checks for the note on memory (concepts/memory.md).

    python concepts/checks/check_memory.py             # every check
    python concepts/checks/check_memory.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason`` or
``SKIP name: reason``. The exit status is 1 when a check fails.

Reference counts are compared before and after a change (deltas); absolute
counts differ between versions and are never asserted.
"""

import gc
import os
import platform
import re
import subprocess
import sys
import sysconfig
import weakref

from _harness import Checks, Skip, expect

check = Checks()

IS_CPYTHON = platform.python_implementation() == "CPython"
FREE_THREADED_BUILD = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def require_cpython(why):
    if not IS_CPYTHON:
        raise Skip(f"{why} is a CPython detail; this is {platform.python_implementation()}")


class Node:
    pass


class collector_off:
    """Context manager: the cycle collector is disabled inside, restored afterwards."""

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()


# --- checks ------------------------------------------------------------------


@check
def id_is_stable_for_object_lifetime():
    obj = Node()
    obj.number = 1000
    obj.items = []
    obj_id, number_id, items_id = id(obj), id(obj.number), id(obj.items)
    obj.number += 1  # rebinding: a new int object
    obj.items.append(1)  # mutation: the same list
    obj.extra = "new attribute"
    expect(id(obj) == obj_id, "changing attributes changed the instance's id")
    expect(id(obj.number) != number_id, "the int attribute kept its id after `+= 1`")
    expect(id(obj.items) == items_id, "the list attribute got a new id after append()")


@check
def refcount_counts_references():
    if not hasattr(sys, "getrefcount"):
        raise Skip(f"{platform.python_implementation()} has no sys.getrefcount")
    obj = Node()
    base = sys.getrefcount(obj)
    holders = [obj, obj, obj]
    added = sys.getrefcount(obj) - base
    del holders
    removed = sys.getrefcount(obj) - base
    expect(added == 3, f"3 new references changed the count by {added}")
    expect(removed == 0, f"after `del` the count is off by {removed}")


@check
def immortal_from_312():
    require_cpython("reference counting")
    before = sys.getrefcount(None)
    many = [None] * 1000
    after = sys.getrefcount(None)
    del many
    if sys.version_info >= (3, 12):
        # The sentinel is 2**32 - 1 on 64-bit 3.12/3.13 and 2**30 - 1 on 32-bit builds
        # (Include/object.h); 3.14 changed it again. Far above any real count in each case.
        floor = 2**29 if sys.maxsize <= 2**32 else 2**31
        expect(before >= floor, f"None's count is {before}, not the huge immortal value")
        expect(after == before, f"1000 new references moved None's count by {after - before}")
    else:
        expect(after - before >= 900,
               f"before 3.12, 1000 new references should move None's count; moved "
               f"{after - before}")


@check
def refcounting_frees_immediately():
    require_cpython("freeing at the last `del`")
    freed = []
    with collector_off():
        obj = Node()
        weakref.finalize(obj, freed.append, "freed")
        del obj
        expect(freed == ["freed"], "the object outlived its last reference")


@check
def cycles_need_the_collector():
    freed = []
    with collector_off():
        a, b = Node(), Node()
        a.partner, b.partner = b, a
        weakref.finalize(a, freed.append, "cycle")
        del a, b
        survived_del = not freed
        found = gc.collect()
    expect(survived_del, "a reference cycle was freed by `del` alone")
    expect(freed == ["cycle"], "gc.collect() did not free the unreachable cycle")
    if IS_CPYTHON:
        expect(found >= 2, f"gc.collect() reported {found} unreachable objects, expected >= 2")


@check
def gc_tracks_only_containers():
    require_cpython("which objects the collector tracks")
    expect(gc.is_tracked([]) and gc.is_tracked(Node()), "lists/instances are not tracked")
    expect(not gc.is_tracked(12345) and not gc.is_tracked("text"),
           "ints/strings are tracked, but they cannot form cycles")


@check
def gc_is_generational():
    require_cpython("the collector's design")
    if FREE_THREADED_BUILD:
        raise Skip("the free-threaded build has a non-generational collector")
    if sys.version_info >= (3, 14):
        raise Skip("3.14.0-3.14.4 shipped an incremental collector; not asserted on 3.14+")
    threshold, counts, stats = gc.get_threshold(), gc.get_count(), gc.get_stats()
    expect(len(threshold) == 3 and len(counts) == 3 and len(stats) == 3,
           f"expected 3 generations: threshold={threshold} count={counts} stats={len(stats)}")
    with collector_off():
        gc.collect()
        young = gc.get_count()[0]
        keep = [[] for _ in range(100)]
        grown = gc.get_count()[0] - young
        del keep
    expect(grown >= 100, f"100 new lists raised the young-generation count by {grown}")


@check
def gc_has_no_allocator_controls():
    require_cpython("the gc module's API")
    words = ("pool", "arena", "alloc", "malloc", "memory", "block")
    found = [name for name in dir(gc) if any(w in name.lower() for w in words)]
    expect(not found, f"gc exposes allocator-like names: {found}")


def mallocstats(extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONMALLOC")}
    env.update(extra_env or {})
    # -S skips the site import: faster start-up, same allocator.
    proc = subprocess.run([sys.executable, "-S", "-c", "import sys; sys._debugmallocstats()"],
                          env=env, capture_output=True, text=True, timeout=60)
    expect(proc.returncode == 0, f"sys._debugmallocstats() failed: {proc.stderr[-200:]}")
    return proc.stderr


def require_pymalloc_build():
    require_cpython("pymalloc")
    if FREE_THREADED_BUILD:
        raise Skip("free-threaded builds always use mimalloc, not pymalloc")
    if not hasattr(sys, "_debugmallocstats"):
        raise Skip("this CPython has no sys._debugmallocstats()")


@check
def pymalloc_serves_small_objects():
    require_pymalloc_build()
    stats = mallocstats()
    expect("Small block threshold = 512" in stats,
           f"no 512-byte threshold in the allocator report: {stats[:120]!r}")
    if sys.maxsize > 2**32 and sys.version_info >= (3, 10):  # 256 KiB arenas up to 3.9
        arena = re.search(r"(\d+) bytes/arena", stats)
        expect(arena is not None and int(arena.group(1)) == 1024 * 1024,
               f"64-bit arena size is not 1 MiB: {arena.group(0) if arena else 'not found'}")


@check
def pythonmalloc_selects_allocator():
    require_pymalloc_build()
    stats = mallocstats({"PYTHONMALLOC": "malloc"})
    expect("Small block threshold" not in stats,
           "PYTHONMALLOC=malloc still reports pymalloc pools")


MB = 1024 * 1024


def resident_bytes():
    """This process's resident memory (Linux: /proc/self/statm), or None elsewhere."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


@check
def freed_small_objects_keep_their_arenas():
    require_pymalloc_build()
    if resident_bytes() is None:
        raise Skip("resident memory is read from /proc/self/statm, which only Linux has")
    with collector_off():
        base = resident_bytes()
        small = [object() for _ in range(1_000_000)]  # 16-byte objects: pymalloc
        grown = resident_bytes() - base
        survivors = small[::64]  # a few objects stay alive, scattered over every arena
        del small
        kept = resident_bytes() - base
        big = bytearray(100 * MB)  # one large block: the system malloc, straight from the OS
        big[::4096] = bytes(len(range(0, len(big), 4096)))  # touch every page
        grown_big = resident_bytes() - base - kept
        del big
        after_big = resident_bytes() - base - kept
        del survivors
        released = resident_bytes() - base
    expect(grown > 8 * MB, f"a million objects grew the process by only {grown / MB:.1f} MiB")
    expect(kept > grown / 2, f"freeing 63 of every 64 objects gave back "
                             f"{(grown - kept) / MB:.1f} of {grown / MB:.1f} MiB to the OS")
    expect(grown_big > 50 * MB and after_big < grown_big / 4,
           f"a freed 100 MiB buffer kept {after_big / MB:.1f} of {grown_big / MB:.1f} MiB")
    expect(released < kept / 2, f"once the survivors were freed too, {released / MB:.1f} of "
                                f"{kept / MB:.1f} MiB stayed")


@check
def gc_freeze_moves_objects_out_of_the_collector():
    require_cpython("the permanent generation")
    if not hasattr(gc, "freeze"):
        raise Skip("gc.freeze() arrived in 3.7")
    holder = [[] for _ in range(1000)]
    try:
        gc.freeze()
        frozen = gc.get_freeze_count()
        expect(frozen >= len(holder), f"gc.freeze() moved only {frozen} objects")
        expect(gc.collect() >= 0 and gc.get_freeze_count() == frozen,
               "a collection touched the frozen objects")
    finally:
        gc.unfreeze()
    expect(gc.get_freeze_count() == 0, "gc.unfreeze() left objects frozen")


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
