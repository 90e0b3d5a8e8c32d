"""The submission file of the Tianchi competition: ``file_name,file_code``."""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = ["file_name", "file_code"]


def write_submission(rows, path: str | Path) -> Path:
    """Write (file name, code) pairs sorted by file name, one line each, '\\n' endings."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        for name, code in sorted(rows):
            writer.writerow([name, code])
    return path


def read_submission(path: str | Path) -> dict[str, str]:
    """file name -> code (codes stay strings, so a leading 0 is kept)."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != HEADER:
            raise ValueError(f"{path}: header must be {','.join(HEADER)}, got {header}")
        return {name: code for name, code in reader}
