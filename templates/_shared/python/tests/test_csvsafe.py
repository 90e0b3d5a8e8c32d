"""Cells that a spreadsheet would run as formulas are written as text and read back exactly."""

import csv
import io

import pytest

from shared.csvsafe import (
    FORMULA_START,
    neutralise,
    neutralise_frame,
    neutralise_row,
    unneutralise,
    unneutralise_frame,
    unneutralise_row,
)

LINK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("start", FORMULA_START)
def test_every_formula_start_gets_a_quote(start):
    cell = start + "1+1"
    assert neutralise(cell) == "'" + cell
    assert unneutralise(neutralise(cell)) == cell


def test_the_formula_starts_are_the_ones_spreadsheets_run():
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}
    assert neutralise(LINK) == "'" + LINK
    assert neutralise("@SUM(A1:A9)") == "'@SUM(A1:A9)"
    assert neutralise("-2+3") == "'-2+3"


def test_plain_text_is_unchanged():
    for cell in ["橘猫意外走红", "a=b", "1+1", "", " =1", "x'", "“=引号”"]:
        assert neutralise(cell) == cell
        assert unneutralise(cell) == cell


def test_a_leading_quote_is_doubled_so_one_can_always_be_removed():
    assert neutralise("'hello") == "''hello"
    assert unneutralise("''hello") == "'hello"
    assert neutralise("'=1") == "''=1"
    assert unneutralise(neutralise("'=1")) == "'=1"
    # a quote that neutralise would not have added is kept
    assert unneutralise("'hello") == "'hello"
    assert unneutralise("'") == "'"


def test_non_strings_pass_through():
    for value in [None, 0, -5, 3.5, True, b"=1", ["=1"]]:
        assert neutralise(value) is value
        assert unneutralise(value) is value


def test_round_trip_of_many_cells():
    cells = [LINK, "-", "+86 138", "@user", "\t=1", "\r=1", "'", "''", "'=", "普通", ""]
    for cell in cells:
        assert unneutralise(neutralise(cell)) == cell
        # neutralising twice is undone by unneutralising twice
        assert unneutralise(unneutralise(neutralise(neutralise(cell)))) == cell


def test_rows_through_the_csv_module_round_trip():
    rows = [{"title": LINK, "rank": 1, "note": "-@x"}, {"title": "'引号", "rank": -2, "note": None}]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "rank", "note"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(neutralise_row(row) for row in rows)
    text = buffer.getvalue()
    assert text.splitlines()[1] == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,'-@x"
    assert text.splitlines()[2] == "''引号,-2,"        # the number -2 is not text
    back = [unneutralise_row(row) for row in csv.DictReader(io.StringIO(text))]
    assert back == [{"title": LINK, "rank": "1", "note": "-@x"},
                    {"title": "'引号", "rank": "-2", "note": ""}]
    assert rows[0]["title"] == LINK                    # the input row is not changed


def test_list_rows():
    row = ["=1", 2, "b"]
    assert neutralise_row(row) == ["'=1", 2, "b"]
    assert neutralise_row(tuple(row)) == ["'=1", 2, "b"]
    assert unneutralise_row(["'=1", "2", "b"]) == ["=1", "2", "b"]
    assert row == ["=1", 2, "b"]


def test_frame_text_columns_only():
    pd = pytest.importorskip("pandas", reason="pandas is what the frame helpers are for")
    df = pd.DataFrame({
        "title": [LINK, "@me", "普通", None],
        "likes": [-1, 2, 3, 4],
        "score": [-0.5, 1.0, 2.0, float("nan")],
        "label": pd.Series(["-热", "新", "=", "-热"], dtype="category"),
        "text": pd.Series(["+1", pd.NA, "x", "'q"], dtype="string"),
    })
    safe = neutralise_frame(df)
    assert safe is not df
    assert df["title"][0] == LINK                      # the input frame is not changed
    assert safe["title"].tolist()[:3] == ["'" + LINK, "'@me", "普通"]
    assert safe["title"].isna().tolist() == [False, False, False, True]
    assert safe["likes"].tolist() == [-1, 2, 3, 4]
    assert safe["likes"].dtype == df["likes"].dtype
    assert safe["score"].tolist()[:3] == [-0.5, 1.0, 2.0]
    assert safe["label"].astype(str).tolist() == ["'-热", "新", "'=", "'-热"]
    assert safe["text"].tolist()[0] == "'+1" and safe["text"].tolist()[3] == "''q"

    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    back = unneutralise_frame(pd.read_csv(io.StringIO(buffer.getvalue())))
    assert back["title"].tolist()[:3] == [LINK, "@me", "普通"]
    assert back["likes"].tolist() == [-1, 2, 3, 4]
    assert back["label"].tolist() == ["-热", "新", "=", "-热"]
    assert back["text"].tolist()[0] == "+1" and back["text"].tolist()[3] == "'q"


def test_frame_with_two_columns_of_the_same_name():
    pd = pytest.importorskip("pandas", reason="pandas is what the frame helpers are for")
    df = pd.DataFrame([["=1", -1, "@a"]], columns=["x", "n", "x"])
    safe = neutralise_frame(df)
    assert safe.iloc[0].tolist() == ["'=1", -1, "'@a"]
    assert unneutralise_frame(safe).iloc[0].tolist() == ["=1", -1, "@a"]
