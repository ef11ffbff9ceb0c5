"""What a creator reads after an import: counts, the rows left out or doubted, and notes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from insights.importing.build import NOTE_TEXT
from insights.importing.problems import RowProblem

MAX_UNUSED_SHOWN = 8
MAX_ROWS_LISTED = 10
# Notes already said in the headline or the counts line.
_NOT_NOTES = ("total_rows",)


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of one import (or of a dry run: what it would do)."""

    filename: str
    format: str
    format_label: str
    platforms: tuple[str, ...]
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped_total_rows: int
    short_form: int
    time_unknown: int
    no_duration: int
    timezone: str
    dry_run: bool
    notes: tuple[str, ...]
    # Rows left out by a stated rule (no publish date) and figures imported as unknown.
    skipped: tuple[RowProblem, ...] = ()
    flagged: tuple[RowProblem, ...] = ()
    # With --split: the account this part was (``name → @handle``), and one line per account.
    account: str | None = None
    per_account: tuple[str, ...] = ()

    def headline(self) -> str:
        """One line: the file, its format and what happened to its rows."""
        verb = "Dry run, nothing saved — would import" if self.dry_run else "Imported"
        new = "would be new" if self.dry_run else "new"
        return (
            f"{verb} {counted(self.rows, 'row')} from {self.filename} ({self.format_label}, "
            f"{'/'.join(self.platforms)}): {self.created:,} {new}, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged."
        )

    def account_line(self) -> str:
        """One account's part of a split import."""
        return (
            f"{self.account}: {counted(self.rows, 'row')}, {self.created:,} new, "
            f"{self.updated:,} updated, {self.unchanged:,} unchanged"
        )

    def lines(self) -> list[str]:
        """The headline and one line per note, ready for any front-end."""
        details = [*self.per_account, f"{counted(self.short_form, 'short-form piece')} among them."]
        if self.skipped_total_rows:
            details.append("Skipped the Total row.")
        details.extend(self._row_lines())
        if self.time_unknown:
            details.append(
                f"{counted(self.time_unknown, 'piece')} with a publish date but no time of day: "
                "timing patterns leave them out."
            )
        if self.no_duration:
            details.append(
                f"{counted(self.no_duration, 'video')} without a duration: short-form could not "
                "be told apart for them."
            )
        return [self.headline(), *details, *self.notes]

    def _row_lines(self) -> list[str]:
        lines = []
        if self.skipped:
            lines.append(
                f"Skipped {counted(len(self.skipped), 'row')} without a publish date "
                f"(--strict refuses the file instead): {listed(self.skipped)}"
            )
        if self.flagged:
            lines.append(
                f"Imported {counted(len(self.flagged), 'doubtful figure')} as unknown: "
                f"{listed(self.flagged)}"
            )
        return lines

    def text(self) -> str:
        """The summary as plain text."""
        return "\n".join(self.lines())


def listed(problems: tuple[RowProblem, ...]) -> str:
    """The first rows of a list of problems, then how many more."""
    shown = "; ".join(str(p) for p in problems[:MAX_ROWS_LISTED])
    more = len(problems) - MAX_ROWS_LISTED
    return shown + (f"; and {more:,} more." if more > 0 else ".")


def counted(n: int, noun: str) -> str:
    """``n`` and the noun, plural unless n is 1: '1 row', '2,000 rows'."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def notes_for(tally: Counter[str], unused_columns: tuple[str, ...], timezone: str) -> list[str]:
    """Readable notes for the counters a parse left and the columns it did not use."""
    notes = [
        _sentence(NOTE_TEXT[key].format(n=f"{count:,}"))
        for key, count in sorted(tally.items())
        if count and key in NOTE_TEXT and key not in _NOT_NOTES
    ]
    if tally["naive_times"]:
        notes.append(f"Times without a timezone were read as {timezone}.")
    if unused_columns:
        shown = ", ".join(unused_columns[:MAX_UNUSED_SHOWN])
        more = len(unused_columns) - MAX_UNUSED_SHOWN
        notes.append(f"Columns not used: {shown}" + (f" and {more} more." if more > 0 else "."))
    return notes


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
