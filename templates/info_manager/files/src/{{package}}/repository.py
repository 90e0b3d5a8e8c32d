"""Where students are stored: one interface, two implementations.

* ``SqliteRepository`` — the standard library's sqlite3. Every SQL statement uses
  ``?`` placeholders: values are never pasted into SQL text, so a name such as
  ``Robert'); DROP TABLE students;--`` is stored as ordinary text.
* ``JsonRepository`` — one JSON file, rewritten atomically (write a temporary file in
  the same folder, then ``os.replace``), so a crash mid-save never leaves half a file.

Code that uses a repository (menu, web, CLI) only calls the methods of ``Repository``,
so either storage can be swapped in; the tests run one suite against both.
Both guard their methods with a lock, because the web server answers requests in
several threads at once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from abc import ABC, abstractmethod
from datetime import date
from pathlib import Path

from .models import SUBJECTS, Student


class RepositoryError(Exception):
    """Base class of the errors below."""


class DuplicateError(RepositoryError):
    def __init__(self, student_id: str):
        super().__init__(student_id)
        self.student_id = student_id


class NotFoundError(RepositoryError, KeyError):
    def __init__(self, student_id: str):
        super().__init__(student_id)
        self.student_id = student_id

    def __str__(self) -> str:  # KeyError would add quotes
        return self.student_id


class Repository(ABC):
    """CRUD for Student records keyed by ``student_id``."""

    @abstractmethod
    def add(self, student: Student) -> None:
        """Store a new student; DuplicateError if the id exists."""

    @abstractmethod
    def get(self, student_id: str) -> Student | None:
        """The student with this id, or None."""

    @abstractmethod
    def update(self, student: Student) -> None:
        """Replace the stored record with the same id; NotFoundError if there is none."""

    @abstractmethod
    def delete(self, student_id: str) -> Student:
        """Remove and return the student; NotFoundError if there is none."""

    @abstractmethod
    def list_all(self) -> list[Student]:
        """Every student, ordered by id."""

    def __len__(self) -> int:
        return len(self.list_all())

    def __contains__(self, student_id: object) -> bool:
        return isinstance(student_id, str) and self.get(student_id) is not None

    def close(self) -> None:
        """Release resources (nothing to do by default)."""
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------- SQLite

_COLUMNS = ["student_id", "name", "gender", "birth", "class_name", *SUBJECTS]
_CREATE = f"""
CREATE TABLE IF NOT EXISTS students (
    student_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    birth TEXT NOT NULL,
    class_name TEXT NOT NULL,
    {", ".join(f"{s} REAL NOT NULL" for s in SUBJECTS)}
)
"""
# Column names come from the constant list above, never from user input; the values
# always go through "?" placeholders.
_INSERT = f"INSERT INTO students ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_UPDATE = (
    f"UPDATE students SET {', '.join(f'{c} = ?' for c in _COLUMNS[1:])} WHERE student_id = ?"
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM students"


class SqliteRepository(Repository):
    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        # One connection shared by the web server's threads, serialised by the lock.
        self._conn = sqlite3.connect(self.path, check_same_thread=False)
        with self._conn:
            self._conn.execute(_CREATE)

    @staticmethod
    def _row(student: Student) -> tuple:
        return (
            student.student_id,
            student.name,
            student.gender,
            student.birth.isoformat(),
            student.class_name,
            *(student.scores[s] for s in SUBJECTS),
        )

    @staticmethod
    def _student(row: tuple) -> Student:
        sid, name, gender, birth, class_name, *scores = row
        return Student(sid, name, gender, date.fromisoformat(birth), class_name,
                       dict(zip(SUBJECTS, scores, strict=True)))

    def add(self, student: Student) -> None:
        with self._lock:
            try:
                with self._conn:
                    self._conn.execute(_INSERT, self._row(student))
            except sqlite3.IntegrityError as exc:
                if self.get(student.student_id) is not None:
                    raise DuplicateError(student.student_id) from exc
                raise

    def get(self, student_id: str) -> Student | None:
        with self._lock:
            row = self._conn.execute(_SELECT + " WHERE student_id = ?", (student_id,)).fetchone()
            return self._student(row) if row else None

    def update(self, student: Student) -> None:
        with self._lock:
            values = self._row(student)
            with self._conn:
                cursor = self._conn.execute(_UPDATE, (*values[1:], values[0]))
            if cursor.rowcount == 0:
                raise NotFoundError(student.student_id)

    def delete(self, student_id: str) -> Student:
        with self._lock:
            student = self.get(student_id)
            if student is None:
                raise NotFoundError(student_id)
            with self._conn:
                self._conn.execute("DELETE FROM students WHERE student_id = ?", (student_id,))
            return student

    def list_all(self) -> list[Student]:
        with self._lock:
            rows = self._conn.execute(_SELECT + " ORDER BY student_id").fetchall()
            return [self._student(r) for r in rows]

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM students").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._conn.close()


# ---------------------------------------------------------------- JSON file


class JsonRepository(Repository):
    """All students in one UTF-8 JSON file (readable, diff-friendly, easy to inspect)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._students: dict[str, Student] = {}
        if self.path.exists():
            data = json.loads(self.path.read_text(encoding="utf-8"))
            for item in data.get("students", []):
                student = Student.from_dict(item)
                self._students[student.student_id] = student

    def _save(self) -> None:
        data = {"version": 1, "students": [s.to_dict() for s in self.list_all()]}
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def add(self, student: Student) -> None:
        with self._lock:
            if student.student_id in self._students:
                raise DuplicateError(student.student_id)
            self._students[student.student_id] = student
            try:
                self._save()
            except BaseException:
                del self._students[student.student_id]  # memory stays equal to the file
                raise

    def get(self, student_id: str) -> Student | None:
        with self._lock:
            return self._students.get(student_id)

    def update(self, student: Student) -> None:
        with self._lock:
            old = self._students.get(student.student_id)
            if old is None:
                raise NotFoundError(student.student_id)
            self._students[student.student_id] = student
            try:
                self._save()
            except BaseException:
                self._students[student.student_id] = old
                raise

    def delete(self, student_id: str) -> Student:
        with self._lock:
            student = self._students.pop(student_id, None)
            if student is None:
                raise NotFoundError(student_id)
            try:
                self._save()
            except BaseException:
                self._students[student_id] = student
                raise
            return student

    def list_all(self) -> list[Student]:
        with self._lock:
            return [self._students[k] for k in sorted(self._students)]


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so readers see either the old or the new file, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def open_repository(path: str | Path) -> Repository:
    """``*.json`` -> JsonRepository, anything else (``*.db``, ``*.sqlite``) -> SqliteRepository."""
    if str(path).lower().endswith(".json"):
        return JsonRepository(path)
    return SqliteRepository(path)
