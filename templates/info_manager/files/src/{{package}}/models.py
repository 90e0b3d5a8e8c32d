"""The Student record and its validation.

A ``Student`` is only ever created through ``Student.from_dict`` (or checked with
``validate``), so every record in a repository has passed the same rules, whether it
came from the text menu, the web form or a CSV file. Error messages come in Chinese or
English (``lang``), one per field, so a form can show each next to its input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

# The three subjects of this starter. Add one here (and to FIELD_LABELS) to extend it.
SUBJECTS = ("chinese", "math", "english")

FIELD_LABELS = {
    "student_id": ("学号", "student id"),
    "name": ("姓名", "name"),
    "gender": ("性别", "gender"),
    "birth": ("出生日期", "birth date"),
    "class_name": ("班级", "class"),
    "chinese": ("语文", "Chinese"),
    "math": ("数学", "maths"),
    "english": ("英语", "English"),
}

GENDERS = {"M": ("男", "male"), "F": ("女", "female")}
# Accepted spellings when reading forms or CSV files.
_GENDER_INPUT = {"m": "M", "男": "M", "male": "M", "f": "F", "女": "F", "female": "F"}

STUDENT_ID_RE = re.compile(r"^\d{8}$")  # e.g. 20240101: year of entry + class + number
# 2008-05-20, and 2008/5/20 as Excel writes dates back into a CSV file.
DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
NAME_MAX = 50
CLASS_MAX = 20
MIN_AGE, MAX_AGE = 5, 100
SCORE_MIN, SCORE_MAX = 0.0, 100.0

_MESSAGES = {
    "required": ("不能为空", "is required"),
    "student_id": ("必须是 8 位数字，例如 20240101", "must be 8 digits, e.g. 20240101"),
    "too_long": ("不能超过 {n} 个字符", "must be at most {n} characters"),
    "control": ("不能包含控制字符", "must not contain control characters"),
    "gender": ("只能是 男/女（或 M/F）", "must be M or F (男/女)"),
    "date": ("日期格式应为 YYYY-MM-DD", "must be a date written as YYYY-MM-DD"),
    "age": ("年龄必须在 {lo} 到 {hi} 岁之间", "age must be between {lo} and {hi}"),
    "number": ("必须是数字", "must be a number"),
    "score": ("必须在 {lo:g} 到 {hi:g} 之间", "must be between {lo:g} and {hi:g}"),
}


def label(field_name: str, lang: str) -> str:
    zh, en = FIELD_LABELS[field_name]
    return zh if lang == "zh" else en


def gender_label(code: str, lang: str) -> str:
    zh, en = GENDERS.get(code, (code, code))
    return zh if lang == "zh" else en


def _message(key: str, lang: str, **kwargs) -> str:
    zh, en = _MESSAGES[key]
    return (zh if lang == "zh" else en).format(**kwargs)


class ValidationError(ValueError):
    """Raised with every problem of a record at once: ``errors`` maps field -> message."""

    def __init__(self, errors: dict[str, str], lang: str = "zh"):
        self.errors = dict(errors)
        sep = "；" if lang == "zh" else "; "
        colon = "：" if lang == "zh" else ": "
        text = sep.join(f"{label(k, lang)}{colon}{v}" for k, v in self.errors.items())
        super().__init__(text)


@dataclass
class Student:
    student_id: str
    name: str
    gender: str  # "M" or "F"
    birth: date
    class_name: str
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return round(sum(self.scores.get(s, 0.0) for s in SUBJECTS), 1)

    @property
    def average(self) -> float:
        return round(self.total / len(SUBJECTS), 1)

    def age(self, today: date | None = None) -> int:
        today = today or date.today()
        before_birthday = (today.month, today.day) < (self.birth.month, self.birth.day)
        return today.year - self.birth.year - int(before_birthday)

    def to_dict(self) -> dict:
        """Plain JSON-friendly values (the birth date as ISO text)."""
        data = asdict(self)
        data["birth"] = self.birth.isoformat()
        return data

    def to_flat(self) -> dict[str, str]:
        """One string per field, scores flattened: the shape of a form or a CSV row."""
        flat = {
            "student_id": self.student_id,
            "name": self.name,
            "gender": self.gender,
            "birth": self.birth.isoformat(),
            "class_name": self.class_name,
        }
        for subject in SUBJECTS:
            flat[subject] = format_score(self.scores[subject])
        return flat

    @classmethod
    def from_dict(cls, data: dict, lang: str = "zh", today: date | None = None) -> Student:
        """Build a validated Student from loose input (strings from a form or a CSV row).

        Scores may be given flat (``{"math": "90"}``) or nested (``{"scores": {...}}``).
        Raises ValidationError listing every bad field.
        """
        errors: dict[str, str] = {}
        scores_in = dict(data.get("scores") or {})
        for subject in SUBJECTS:
            if subject in data:
                scores_in[subject] = data[subject]

        student_id = _text(data.get("student_id"))
        if not student_id:
            errors["student_id"] = _message("required", lang)
        elif not STUDENT_ID_RE.fullmatch(student_id):
            errors["student_id"] = _message("student_id", lang)

        name = _text(data.get("name"))
        error = _check_text(name, NAME_MAX, lang)
        if error:
            errors["name"] = error

        gender_raw = _text(data.get("gender"))
        gender = _GENDER_INPUT.get(gender_raw.lower(), "")
        if not gender_raw:
            errors["gender"] = _message("required", lang)
        elif not gender:
            errors["gender"] = _message("gender", lang)

        birth = None
        birth_raw = data.get("birth")
        if isinstance(birth_raw, date):
            birth = birth_raw
        elif not _text(birth_raw):
            errors["birth"] = _message("required", lang)
        else:
            birth = _parse_date(_text(birth_raw))
            if birth is None:
                errors["birth"] = _message("date", lang)
        if birth is not None:
            probe = cls("", "", "M", birth, "")
            if not MIN_AGE <= probe.age(today) <= MAX_AGE:
                errors["birth"] = _message("age", lang, lo=MIN_AGE, hi=MAX_AGE)

        class_name = _text(data.get("class_name"))
        error = _check_text(class_name, CLASS_MAX, lang)
        if error:
            errors["class_name"] = error

        scores: dict[str, float] = {}
        for subject in SUBJECTS:
            raw = scores_in.get(subject)
            if raw is None or _text(raw) == "":
                errors[subject] = _message("required", lang)
                continue
            try:
                value = float(_text(raw))
            except ValueError:
                errors[subject] = _message("number", lang)
                continue
            if not SCORE_MIN <= value <= SCORE_MAX:  # also false for NaN
                errors[subject] = _message("score", lang, lo=SCORE_MIN, hi=SCORE_MAX)
                continue
            scores[subject] = round(value, 1)

        if errors:
            raise ValidationError(errors, lang)
        return cls(student_id, name, gender, birth, class_name, scores)


def format_score(value: float) -> str:
    """90.0 -> "90", 87.5 -> "87.5"."""
    return f"{value:g}"


def _parse_date(text: str) -> date | None:
    match = DATE_RE.fullmatch(text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:  # e.g. 2008-02-30
        return None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check_text(value: str, max_len: int, lang: str) -> str | None:
    if not value:
        return _message("required", lang)
    if len(value) > max_len:
        return _message("too_long", lang, n=max_len)
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return _message("control", lang)
    return None
