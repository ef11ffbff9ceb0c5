"""How every import format describes itself: its columns and how a row becomes a piece."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from insights.importing.build import BuildContext
from insights.importing.columns import ColumnMap, RowView
from insights.records import PieceRecord

RowBuilder = Callable[[RowView, BuildContext], PieceRecord | None]


@dataclass(frozen=True)
class ImportFormat:
    """One supported export: how to recognise its header and read its rows.

    ``fields`` maps each field to the normalised column names that carry it (first found wins).
    ``required`` lists fields the header must have; ``a|b`` accepts either. Auto-detection also
    needs one of ``markers`` (normalised column names) when any are given.
    """

    key: str
    label: str
    platform: str | None
    fields: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]
    date_field: str
    build: RowBuilder
    labels: Mapping[str, str]
    markers: tuple[str, ...] = ()

    def missing(self, columns: ColumnMap) -> list[str]:
        """The required columns (as the export usually names them) this table lacks."""
        return [
            self.label_of(group)
            for group in self.required
            if not any(f in columns.positions for f in group.split("|"))
        ]

    def label_of(self, group: str) -> str:
        """How the export usually names the column(s) of a required field group."""
        return " or ".join(repr(self.labels.get(f, f)) for f in group.split("|"))

    def key_columns(self) -> str:
        """The required columns, for a message listing what each format looks like."""
        return ", ".join(self.label_of(group) for group in self.required)

    def shows_marker(self, keys: set[str]) -> bool:
        """Whether a header carries one of this format's telltale columns."""
        return not self.markers or bool(keys.intersection(self.markers))
