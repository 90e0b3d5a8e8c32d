"""Text from outside (the web, a form, an imported file) written safely into CSV files.

Excel and WPS treat a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula. A scraped title such as ``=HYPERLINK("http://x","y")`` would become a
live link (or worse) the moment someone opens the CSV. :func:`neutralise` puts a ``'`` in
front of such a cell: the spreadsheet then shows it as plain text. A cell that already starts
with ``'`` gets one more, so :func:`unneutralise` can always remove exactly one and reading a
CSV back gives the original text.

Only strings change: numbers, dates, ``None`` and missing values pass through as they are.
Helpers apply the same rule to a csv row (dict or list) and to the text columns of a pandas
DataFrame (this module imports nothing from pandas, it only calls the frame's own methods).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A leading ' is escaped too, so that reading back can always remove exactly one.
_ESCAPE_START = (*FORMULA_START, "'")
# numpy dtype kinds of columns that may hold text: object, bytes, unicode.
_TEXT_KINDS = ("O", "S", "U")


def neutralise(value):
    """``value`` as a spreadsheet shows it as text: ``'`` before a formula start (and
    before a leading ``'``). Anything that is not a string is returned unchanged."""
    if isinstance(value, str) and value.startswith(_ESCAPE_START):
        return "'" + value
    return value


def unneutralise(value):
    """Undo :func:`neutralise`: drop the one ``'`` it put in front. A ``'`` that
    :func:`neutralise` would not have added stays, and non-strings are unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_ESCAPE_START):
        return value[1:]
    return value


def neutralise_row(row):
    """A csv row ready for ``csv.DictWriter`` (a dict) or ``csv.writer`` (a list or
    tuple), every string neutralised. Returns a new dict or list."""
    if isinstance(row, dict):
        return {key: neutralise(value) for key, value in row.items()}
    return [neutralise(value) for value in row]


def unneutralise_row(row):
    """A row read by ``csv.DictReader`` (a dict) or ``csv.reader`` (a list), every
    string as it was before :func:`neutralise_row`. Returns a new dict or list."""
    if isinstance(row, dict):
        return {key: unneutralise(value) for key, value in row.items()}
    return [unneutralise(value) for value in row]


def is_text_column(column) -> bool:
    """Whether a DataFrame column may hold text: object, ``string`` or ``category`` dtype
    (numbers, booleans and datetimes cannot start a formula)."""
    return getattr(column.dtype, "kind", None) in _TEXT_KINDS


def _map_text_columns(df, function):
    out = df.copy()
    # By position, so that two columns with the same name are both handled.
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if is_text_column(column):
            out.isetitem(position, column.map(function))
    return out


def neutralise_frame(df):
    """A copy of the DataFrame ``df`` for ``to_csv``: every string in its text columns
    neutralised, numeric columns untouched. ``df`` itself is not changed."""
    return _map_text_columns(df, neutralise)


def unneutralise_frame(df):
    """A copy of ``df`` (say, from ``read_csv``) with :func:`neutralise` undone in every
    text column."""
    return _map_text_columns(df, unneutralise)
