"""Precision and recall on the gold sentences.

A gold line is ``written<TAB>correct`` with both sentences the same length, so every
typo is a position where the two differ. We score at two levels:

* detection: the flagged position is a real typo;
* correction: the flagged position is a real typo *and* the first suggestion is right.

precision = right flags / all flags, recall = typos found / all typos.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .lexicon import read_word_list_lines


@dataclass
class GoldSentence:
    written: str
    correct: str

    @property
    def typos(self) -> dict[int, str]:
        pairs = zip(self.written, self.correct, strict=True)
        return {i: c for i, (w, c) in enumerate(pairs) if w != c}


def load_gold(path: Path | str) -> list[GoldSentence]:
    gold = []
    for number, line in enumerate(read_word_list_lines(path), start=1):
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != len(parts[1]):
            raise ValueError(f"{path}: line {number}: need 'written<TAB>correct' of equal length")
        gold.append(GoldSentence(parts[0], parts[1]))
    return gold


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def evaluate(detector, gold: list[GoldSentence]) -> tuple[dict, list[dict]]:
    """(metrics, one row per sentence)."""
    flagged = typos = det_hits = cor_hits = found_typos = clean = clean_flagged = 0
    rows = []
    for item in gold:
        findings = detector.check(item.written)
        truth = item.typos
        flagged += len(findings)
        typos += len(truth)
        hits = [f for f in findings if f.start in truth]
        right = [f for f in hits if f.suggestion == truth[f.start]]
        det_hits += len(hits)
        cor_hits += len(right)
        found_typos += len({f.start for f in right})
        if not truth:
            clean += 1
            clean_flagged += bool(findings)
        rows.append({
            "written": item.written,
            "correct": item.correct,
            "corrected": detector.correct(item.written, findings),
            "typos": len(truth),
            "flags": len(findings),
            "right": len(right),
            "flagged": " ".join(f"{f.start}:{f.wrong}->{f.suggestion}" for f in findings),
        })
    metrics = {
        "sentences": len(gold),
        "typos": typos,
        "flags": flagged,
        "detection_precision": round(_ratio(det_hits, flagged), 4),
        "detection_recall": round(_ratio(det_hits, typos), 4),
        "precision": round(_ratio(cor_hits, flagged), 4),
        "recall": round(_ratio(found_typos, typos), 4),
        "clean_sentences": clean,
        "clean_sentences_flagged": clean_flagged,
    }
    return metrics, rows


def write_rows(rows: list[dict], path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path
