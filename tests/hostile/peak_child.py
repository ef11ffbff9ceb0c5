"""Run in a child process: parse one file and print the outcome and the process's peak memory.

``python -m tests.hostile.peak_child FILE`` prints one JSON line: ``outcome`` ("imported" or
"refused"), ``message`` (the first 300 characters of the refusal), ``seconds`` and ``peak_mib``
(VmHWM, the child's own peak resident size, interpreter and imports included).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from insights.importing.parse import parse_import
from storage.errors import InvalidInput

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def parse_in_child(data: bytes, timeout: float = 600) -> dict[str, object]:
    """Parse ``data`` in a fresh interpreter (this module's ``main``) and return its JSON line."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        path.write_bytes(data)
        done = subprocess.run(
            [sys.executable, "-m", "tests.hostile.peak_child", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    result: dict[str, object] = json.loads(done.stdout)
    return result


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
    peak_mib = _high_water_mib()
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


def _high_water_mib() -> float:
    """This process's own peak resident size: VmHWM starts afresh at exec, while ru_maxrss
    would carry the forking parent's peak (pytest's, the benchmark's) into the child."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main(sys.argv[1])
