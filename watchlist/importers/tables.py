"""Reading a CSV export row by row, so one bad row never sinks the file.

A row Python's csv module cannot read (a field over its 131,072-character limit, say) is left
out and named; rows with every cell empty (spreadsheets leave them) are counted, not listed, and
a parser may count as empty a row that has nothing it can use (``empty_rows``).
Column names are compared stripped and in lower case.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

_NAMED_LINES = 5


class CsvTable:
    """The header and rows of one CSV file; ``notes()`` says what was left out, after reading."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self._reader = csv.reader(io.StringIO(text))
        self.columns: tuple[str, ...] = ()
        self.empty_rows = 0
        self.unreadable: list[tuple[int, str]] = []  # (line, why)
        for row in self._next_rows():
            if any(cell.strip() for cell in row):
                self.columns = tuple(cell.strip().casefold() for cell in row)
                break

    def _next_rows(self) -> Iterator[list[str]]:
        while True:
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except csv.Error as error:
                self.unreadable.append((self._reader.line_num, str(error)))
                continue
            yield row

    def has(self, *columns: str) -> bool:
        return all(column in self.columns for column in columns)

    def rows(self) -> Iterator[dict[str, str]]:
        """Each row with a value, as {column: stripped text}; empty rows only counted."""
        for row in self._next_rows():
            cells = [cell.strip() for cell in row]
            if not any(cells):
                if row:  # csv yields [] for a blank line: not even a row
                    self.empty_rows += 1
                continue
            yield {
                column: cells[position] if position < len(cells) else ""
                for position, column in enumerate(self.columns)
                if column
            }

    def notes(self) -> list[str]:
        """What the user should know about rows left out."""
        notes: list[str] = []
        if self.empty_rows:
            count = self.empty_rows
            rows = "1 empty row was" if count == 1 else f"{count:,} empty rows were"
            notes.append(f"{self.name}: {rows} ignored.")
        if self.unreadable:
            lines = [str(line) for line, _why in self.unreadable[:_NAMED_LINES]]
            more = len(self.unreadable) - len(lines)
            where = ", ".join(lines) + (f" and {more:,} more" if more else "")
            why = self.unreadable[0][1]
            one = len(self.unreadable) == 1
            label, verb = ("line", "was") if one else ("lines", "were")
            notes.append(
                f"{self.name}: {label} {where} could not be read ({why}) and {verb} left out."
            )
        return notes
