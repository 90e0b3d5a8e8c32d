"""Another module that imports noisy, as a second part of a program would."""

import noisy


def noisy_module():
    return noisy
