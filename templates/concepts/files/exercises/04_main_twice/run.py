"""Exercise 04: the file you run as a script, imported by name.

Start it as a script (python run.py, or python -m <package> run 4).
Each line prints "label: value". Predict the values in prediction.txt first.
"""

import sys

import tracker

tracker.runs.append(__name__)  # which module is this body running as?
value = 1

# On purpose below the two lines above: helper.py does `import run`.
import helper  # noqa: E402

if __name__ == "__main__":
    value = 2
    print("run.py body ran as:", ", ".join(tracker.runs))
    print("value in this script:", value)
    print("value that helper reads as run.value:", helper.read_value())
    print('helper\'s module "run" is this script\'s module:',
          helper.run_module() is sys.modules["__main__"])
