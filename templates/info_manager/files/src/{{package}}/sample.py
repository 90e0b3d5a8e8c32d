"""Invented demo students.

Names are random combinations of a common surname and one or two given-name characters,
so they do not describe anyone. The generator uses ``random.Random(seed)`` with
``randint``/``choice`` only, whose results are the same on every Python 3 version, so
``data/sample/students.csv`` can be checked byte for byte by a test.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .models import SUBJECTS, Student

DEFAULT_SEED = 2024
DEFAULT_CLASSES = ("高一(1)班", "高一(2)班", "高一(3)班", "高一(4)班")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = "子涵浩然欣怡宇轩梓萱俊杰思远雨桐嘉怡博文一诺晨曦泽宇佳琪明轩若溪天佑可馨"


def invented_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.randint(0, 3) else "")
    return rng.choice(SURNAMES) + given


def generate_students(n_per_class: int = 12, seed: int = DEFAULT_SEED,
                      classes: tuple[str, ...] = DEFAULT_CLASSES,
                      year: int = 2024) -> list[Student]:
    """``n_per_class`` students in each class, ids ``{year}{class:02d}{number:02d}``."""
    rng = random.Random(seed)
    students = []
    first_birth = date(year - 16, 9, 1)
    for c, class_name in enumerate(classes, start=1):
        class_effect = rng.randint(-6, 6)  # some classes do better than others
        for number in range(1, n_per_class + 1):
            ability = rng.randint(55, 92) + class_effect
            scores = {}
            for subject in SUBJECTS:
                scores[subject] = float(max(0, min(100, ability + rng.randint(-15, 15))))
            students.append(Student(
                student_id=f"{year}{c:02d}{number:02d}",
                name=invented_name(rng),
                gender=rng.choice("MF"),
                birth=first_birth + timedelta(days=rng.randint(0, 364)),
                class_name=class_name,
                scores=scores,
            ))
    return students
