"""pystart verify's preloading server for one shared environment (Linux only).

Written into the cache and started with the shared environment's interpreter. It imports the third-party and standard
library modules that earlier test runs on this environment imported (argv[1] lists them, one per
line), then forks one child per request, so a project's test run starts with those imports done
instead of repeating them (a scientific stack takes seconds to import, every run).

Protocol, one JSON object per line:
  request on stdin:  {"id", "argv", "cwd", "env", "log", "executable", "site", "modules"},
                     argv being what follows `python`: "-m MODULE …", "-c CODE …" or "FILE …";
                     or {"kill": PID} to end a child that ran out of time
  replies on stdout: {"id", "pid"} once forked, then {"pid", "exit"} once the child ended;
                     {"ready": true, "preloaded": N} once, first.
The child becomes what `python ARGV...` of the project's own environment would be: its working
directory, environment, argv, sys.executable, sys.prefix, PYTHONPATH and the project
environment's site-packages (with its .pth files) on sys.path, a sitecustomize.py found on
PYTHONPATH imported as at start-up; fresh random seeds; stdout and stderr go to the log. When it ends, the modules it imported from the shared environment or the standard library
are written to "modules", for the next run's preload list. Closing stdin stops the server once
its children have ended.
"""

import json
import os
import select
import signal
import sys
import sysconfig
import threading

PROTOCOL_IN = os.dup(0)
PROTOCOL_OUT = os.dup(1)
_null = os.open(os.devnull, os.O_RDWR)
os.dup2(_null, 0)
os.dup2(2, 1)  # anything a preloaded module prints goes to the server's stderr
os.close(_null)

SHARED_PREFIXES = tuple(
    {os.path.realpath(p) + os.sep for p in (
        sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
        sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"],
    )}
)


def send(message):
    os.write(PROTOCOL_OUT, (json.dumps(message) + "\n").encode())


def shared_module(module):
    path = getattr(module, "__file__", None)
    return bool(path) and os.path.realpath(path).startswith(SHARED_PREFIXES)


# Modules whose import does something (prints, opens a browser or a window).
NEVER_PRELOADED = {"antigravity", "this", "tkinter", "turtle", "idlelib", "__main__"}


def pytest_plugins():
    """Top-level names of the installed pytest plugins: pytest rewrites their asserts when it
    loads them, which it cannot do (and warns about) once they are imported."""
    try:
        from importlib.metadata import entry_points

        return {ep.value.split(":")[0].split(".")[0] for ep in entry_points(group="pytest11")}
    except Exception:
        return set()


def preload(path):
    try:
        with open(path, encoding="utf-8") as f:
            names = [line.strip() for line in f if line.strip()]
    except OSError:
        names = []
    skip = pytest_plugins() | NEVER_PRELOADED
    for name in names:
        if name in sys.modules or name.split(".")[0] in skip:
            continue
        try:
            __import__(name)
        except BaseException:  # a module that cannot be imported alone is left to the run
            pass
    # Forking is only safe with one thread: drop whatever started one.
    return threading.active_count() == 1


def exit_code(value):
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    print(value, file=sys.stderr)
    return 1


def child(request):
    os.close(PROTOCOL_IN)
    os.close(PROTOCOL_OUT)
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])

    import random
    import runpy
    import site

    venv = os.path.dirname(os.path.dirname(request["executable"]))
    sys.executable = request["executable"]
    sys.prefix = sys.exec_prefix = venv
    extra = [p for p in request["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
    keep = [p for p in sys.path[1:] if not os.path.realpath(p).startswith(
        tuple(os.path.realpath(s) for s in site.getsitepackages()))]
    argv = request["argv"]
    if argv[0] == "-m":
        first = request["cwd"]
    elif argv[0] == "-c":
        first = ""
    else:
        first = os.path.dirname(os.path.realpath(argv[0]))
    sys.path[:] = [first, *extra, *keep]
    site.addsitedir(request["site"])
    if any(os.path.isfile(os.path.join(p, "sitecustomize.py")) for p in extra):
        sys.modules.pop("sitecustomize", None)
        import sitecustomize  # noqa: F401
    random.seed()
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()

    code = 0
    try:
        if argv[0] == "-m":
            sys.argv = [argv[1], *argv[2:]]
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        elif argv[0] == "-c":
            sys.argv = ["-c", *argv[2:]]
            exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            sys.argv = list(argv)
            runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as e:
        code = exit_code(e.code)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    try:
        threading._shutdown()
    except Exception:
        pass
    import atexit

    atexit._run_exitfuncs()
    try:
        names = sorted(n for n, m in list(sys.modules.items()) if m and shared_module(m))
        with open(request["modules"], "w", encoding="utf-8") as f:
            f.write("\n".join(names) + "\n")
    except Exception:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


def serve():
    safe = preload(sys.argv[1])
    send({"ready": safe, "preloaded": len([m for m in sys.modules.values() if shared_module(m)])})
    if not safe:
        return
    buffered = b""
    children = set()
    open_input = True
    while open_input or children:
        readable, _, _ = select.select([PROTOCOL_IN] if open_input else [], [], [], 0.05)
        if readable:
            chunk = os.read(PROTOCOL_IN, 65536)
            if not chunk:
                open_input = False
            buffered += chunk
            while b"\n" in buffered:
                line, buffered = buffered.split(b"\n", 1)
                request = json.loads(line)
                if "kill" in request:
                    if request["kill"] in children:
                        os.kill(request["kill"], signal.SIGKILL)
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    child(request)
                children.add(pid)
                send({"id": request["id"], "pid": pid})
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            children.discard(pid)
            send({"pid": pid, "exit": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__":
    serve()
