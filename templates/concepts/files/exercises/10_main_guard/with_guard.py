"""The same program as no_guard.py, with the `if __name__ == "__main__":` guard.

run.py runs this file in a subprocess; you may also run it yourself.
"""

import multiprocessing as mp

print("body runs as", __name__, flush=True)


def work():
    print("child ran work()", flush=True)


if __name__ == "__main__":
    process = mp.get_context("spawn").Process(target=work)
    process.start()
    process.join(60)
    print("exit code", process.exitcode, flush=True)
