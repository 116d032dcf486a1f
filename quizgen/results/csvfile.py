"""CSV files a spreadsheet saved (answer sheets, ``items.csv``): their text, and their rows.

Both readers report a problem at the line an instructor sees in an editor: a byte
that is not UTF-8 at its line (``\\r``, ``\\n`` and ``\\r\\n`` all end one), a row at
the line it starts on (a quoted cell may hold a line break), a broken quote at the
line where reading stopped.
"""

from __future__ import annotations

import csv
import io
import re

from quizgen.bank.problems import Problem, QuizgenError

Rows = list[tuple[int, list[str]]]  # (first physical line, cells)

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def decode(name: str, raw: bytes, advice: str = "") -> str:
    """*raw* as text (a byte order mark dropped); raise at the line of a byte that is not UTF-8.

    *advice* ends the message: ``": save it from the spreadsheet as 'CSV UTF-8'"``.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = len(_LINE_BREAK.split(raw[: error.start]))
        message = f"the file is not UTF-8 text (byte 0x{raw[error.start]:02X} on this line)"
        raise QuizgenError([Problem(name, line, message + advice)]) from None


def rows(name: str, text: str) -> tuple[Rows, list[Problem]]:
    """Every row that is not blank; a CSV error ends the reading, with the rows before it."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    found: Rows = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return found, []
        except csv.Error as error:
            message = f"the CSV cannot be read from here ({error}): check the quotes on this line"
            return found, [Problem(name, max(reader.line_num, start), message)]
        if any(cell.strip() for cell in cells):  # spreadsheets leave blank rows at the end
            found.append((start, cells))
