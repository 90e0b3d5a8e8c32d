"""CSV import and export.

Export writes Chinese headers in UTF-8 *with* a BOM (``utf-8-sig``): Excel on Windows
needs the BOM to recognise UTF-8, otherwise Chinese turns into garbage. Import accepts
the Chinese or the English headers, with or without a BOM, checks every row with the
same validation as the forms, keeps the good rows and reports each bad one with its row
number as a spreadsheet shows it (the header is row 1, the first student row 2).

Formula injection: a spreadsheet treats a cell starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula, so a student named ``=HYPERLINK(...)`` would become
a live link (or worse) when a teacher opens the export. Export puts a ``'`` in front of
such cells (the spreadsheet shows them as plain text) and import takes it off again
(``neutralise``/``unneutralise`` of csvsafe.py, which other templates share too).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .csvsafe import neutralise, unneutralise
from .models import FIELD_LABELS, Student, ValidationError, gender_label
from .repository import DuplicateError, Repository

FIELDS = list(FIELD_LABELS)  # student_id, name, gender, birth, class_name, subjects...
HEADERS_ZH = [FIELD_LABELS[f][0] for f in FIELDS]
# Header text -> field name, for every accepted spelling.
_HEADER_TO_FIELD = {}
for _f in FIELDS:
    _HEADER_TO_FIELD[_f] = _f
    _HEADER_TO_FIELD[FIELD_LABELS[_f][0]] = _f
    _HEADER_TO_FIELD[FIELD_LABELS[_f][1].lower()] = _f


@dataclass
class ImportResult:
    students: list[Student] = field(default_factory=list)  # the good rows
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)
    rows: list[int] = field(default_factory=list)  # row number of each good student

    @property
    def ok(self) -> bool:
        return not self.errors


def students_to_csv(students: list[Student]) -> str:
    """CSV text (without BOM) with Chinese headers; gender written as 男/女."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # CRLF: what Excel writes itself
    writer.writerow(HEADERS_ZH)
    for s in students:
        flat = s.to_flat()
        flat["gender"] = gender_label(s.gender, "zh")
        writer.writerow([neutralise(flat[f]) for f in FIELDS])
    return buffer.getvalue()


def export_csv(students: list[Student], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(students_to_csv(students), encoding="utf-8-sig", newline="")
    return path


def parse_csv(text: str, lang: str = "zh") -> ImportResult:
    """Validate CSV text row by row (a leading BOM is ignored)."""
    result = ImportResult()
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        result.errors.append((1, "文件是空的" if lang == "zh" else "the file is empty"))
        return result
    columns = [_HEADER_TO_FIELD.get(h.strip().lower().removeprefix("\ufeff")) for h in header]
    missing = [f for f in FIELDS if f not in columns]
    if missing:
        names = ", ".join(FIELD_LABELS[f][0 if lang == "zh" else 1] for f in missing)
        result.errors.append((1, f"表头缺少列：{names}" if lang == "zh"
                              else f"header lacks column(s): {names}"))
        return result
    seen: set[str] = set()
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank line
        data = {col: unneutralise(value.strip())
                for col, value in zip(columns, row, strict=False) if col}
        try:
            student = Student.from_dict(data, lang=lang)
        except ValidationError as exc:
            result.errors.append((row_number, str(exc)))
            continue
        if student.student_id in seen:
            result.errors.append((row_number, f"学号 {student.student_id} 重复" if lang == "zh"
                                  else f"duplicate student id {student.student_id}"))
            continue
        seen.add(student.student_id)
        result.students.append(student)
        result.rows.append(row_number)
    return result


def import_csv(path: str | Path, lang: str = "zh") -> ImportResult:
    # utf-8-sig reads files with and without a BOM alike.
    return parse_csv(Path(path).read_text(encoding="utf-8-sig"), lang=lang)


def import_into(repo: Repository, result: ImportResult, lang: str = "zh",
                replace: bool = False) -> int:
    """Store the good rows; ids already in the repository are updated when ``replace``
    is true and otherwise reported as errors with their row number.
    Returns how many were stored."""
    stored = 0
    for student, row_number in zip(result.students, result.rows, strict=True):
        try:
            repo.add(student)
        except DuplicateError:
            if not replace:
                result.errors.append((row_number, f"学号 {student.student_id} 已存在，未导入"
                                      if lang == "zh"
                                      else f"student id {student.student_id} exists, skipped"))
                continue
            repo.update(student)
        stored += 1
    result.errors.sort(key=lambda item: item[0])
    return stored
