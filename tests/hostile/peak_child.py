"""Run in a child process: parse one file and print the outcome and the process's peak memory.

``python -m tests.hostile.peak_child FILE`` prints one JSON line: ``outcome`` ("imported" or
"refused"), ``message`` (the first 300 characters of the refusal), ``seconds`` and ``peak_mib``
(ru_maxrss, the child's own peak resident size, interpreter and imports included).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from insights.importing.parse import parse_import
from storage.errors import InvalidInput

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def main(path: str) -> None:
    """Parse ``path`` and print the JSON line."""
    data = Path(path).read_bytes()
    started = time.perf_counter()
    try:
        parse_import(data, timezone="UTC", now=NOW)
        outcome, message = "imported", ""
    except InvalidInput as refused:
        outcome, message = "refused", str(refused)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "outcome": outcome,
                "message": message[:300],
                "length": len(message),
                "seconds": round(seconds, 3),
                "peak_mib": round(peak_mib, 1),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
