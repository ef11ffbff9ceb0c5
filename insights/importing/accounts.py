"""Several channels or accounts in one file: told apart by an account column, never mixed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from insights.importing.problems import SeveralAccounts
from insights.importing.table import Table
from storage.errors import InvalidInput

# Normalised column names that say which channel or account a row belongs to.
ACCOUNT_COLUMNS = (
    "account",
    "accountname",
    "accountusername",
    "channel",
    "channelname",
    "channeltitle",
    "snippetchanneltitle",
    "username",
    "authorname",
    "authorusername",
    "authoruniqueid",
    "owner",
    "ownerusername",
    "handle",
    "pagename",
    "profile",
)
MAX_ACCOUNTS_LISTED = 20


def account_position(table: Table, mapped: str | None = None) -> int | None:
    """The position of the table's account column (the mapped one when given), if any."""
    if mapped is not None:
        return table.columns.index(mapped) if mapped in table.columns else None
    return next((p for c in ACCOUNT_COLUMNS if (p := table.index_of(c)) is not None), None)


def check_accounts(counts: Counter[str], column: str, account: str | None, split: bool) -> None:
    """Refuse a file mixing accounts unless one is chosen (``--account``) or ``--split`` is set."""
    if account is not None:
        if account not in counts:
            raise InvalidInput(
                f"no row of this file has {column!r} = {account!r}; its accounts: {listing(counts)}"
            )
        return
    if len(counts) > 1 and not split:
        raise SeveralAccounts(
            f"this file holds {len(counts)} accounts in its column {column!r}, and one "
            f"creator's baselines must not mix them: {listing(counts)}. Import one with "
            "--account NAME, or all of them, one creator each, with --split",
            column,
            counts.most_common(),
        )


def listing(counts: Counter[str]) -> str:
    """Accounts and their row counts, the largest first."""
    shown = [
        f"{name or '(blank)'} ({n:,} rows)" for name, n in counts.most_common(MAX_ACCOUNTS_LISTED)
    ]
    more = len(counts) - MAX_ACCOUNTS_LISTED
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def accounts_in(values: Sequence[str]) -> Counter[str]:
    """How many rows each account has."""
    return Counter(v.strip() for v in values)
