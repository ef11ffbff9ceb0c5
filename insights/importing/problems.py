"""What goes wrong in an import, said so a person can find it in their file."""

from __future__ import annotations

from dataclasses import dataclass

from storage.errors import InvalidInput

MAX_VALUE_SHOWN = 40
MAX_PROBLEMS_IN_MESSAGE = 5
MAX_PROBLEMS_KEPT = 200


class CellError(ValueError):
    """A cell that cannot be read; the message says why, without the value."""


def shown(value: str) -> str:
    """The value quoted for a message, shortened when long."""
    if len(value) > MAX_VALUE_SHOWN:
        value = value[: MAX_VALUE_SHOWN - 1] + "…"
    return repr(value)


@dataclass(frozen=True)
class RowProblem:
    """One bad cell or row: where it is (``line 7`` / ``item 3``), which column, which value."""

    where: str
    message: str
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        place = self.where if self.column is None else f"{self.where}, column {self.column!r}"
        if self.value is None:
            return f"{place}: {self.message}"
        return f"{place}: {shown(self.value)} {self.message}"


class ImportRejected(InvalidInput):
    """The file was refused as a whole: nothing was written. ``problems`` lists the bad cells."""

    def __init__(self, headline: str, problems: list[RowProblem], total: int | None = None) -> None:
        self.headline = headline
        self.problems = tuple(problems)
        self.total = max(total or 0, len(self.problems))
        listed = "; ".join(str(p) for p in self.problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = self.total - min(len(self.problems), MAX_PROBLEMS_IN_MESSAGE)
        tail = f"; and {more} more" if more > 0 else ""
        super().__init__(f"{headline} — {listed}{tail}" if listed else headline)


class UnknownLayout(InvalidInput):
    """No format fits the header: ``columns`` are the file's, ``proposal`` a guessed mapping."""

    def __init__(self, message: str, columns: tuple[str, ...], proposal: dict[str, str]) -> None:
        super().__init__(message)
        self.columns = columns
        self.proposal = proposal


class SeveralAccounts(InvalidInput):
    """The file mixes accounts: ``counts`` (largest first) of the values in ``column``."""

    def __init__(self, message: str, column: str, counts: list[tuple[str, int]]) -> None:
        super().__init__(message)
        self.column = column
        self.counts = counts


class ProblemLog:
    """Collects row problems across a whole file, keeping the first ``keep`` for the report."""

    def __init__(self, keep: int = MAX_PROBLEMS_KEPT) -> None:
        self.kept: list[RowProblem] = []
        self.total = 0
        self.rows = 0
        self._keep = keep
        self._last_where: str | None = None

    def add(self, problem: RowProblem) -> None:
        """Record one problem."""
        self.total += 1
        if problem.where != self._last_where:
            self.rows += 1
            self._last_where = problem.where
        if len(self.kept) < self._keep:
            self.kept.append(problem)

    def rejection(self) -> ImportRejected:
        """The error for a file whose rows have problems."""
        noun = "row has a problem" if self.rows == 1 else "rows have problems"
        return ImportRejected(f"nothing was imported: {self.rows} {noun}", self.kept, self.total)
