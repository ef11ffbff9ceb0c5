"""`whatsworking ask` starts without numpy, scipy, plotting, LLM or migration libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.agent.test_cli_chat import run

HEAVY = ("numpy", "scipy", "matplotlib", "langchain", "langchain_core", "langchain_openai")
HEAVY += ("openai", "alembic")

PROBE = """
import sys
from bot.entry import main
main(['ask', sys.argv[2], '--db', sys.argv[1]])
print('HEAVY', sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[3:])))
"""


@pytest.fixture
def demo_db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    """A SQLite file whose only creator has simulated pieces (numpy runs here, not in the probe)."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    code, _, err = run(capsys, "demo", "enable", "--pieces", "30", "--seed", "4", "--db", url)
    assert code == 0, err
    return url


@pytest.mark.parametrize(
    ("text", "answer"), [("/help", "/whatsworking"), ("what is working", "What's working")]
)
def test_ask_imports_no_heavy_library(demo_db: str, text: str, answer: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, demo_db, text, *HEAVY],
        capture_output=True,
        text=True,
        check=True,
    )
    assert answer in done.stdout
    assert "HEAVY []" in done.stdout, done.stdout[-400:]


def test_the_probe_sees_a_heavy_import(demo_db: str) -> None:
    """The check can fail: a module the probe itself imports is reported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, demo_db, "/help", "sqlalchemy"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "HEAVY ['sqlalchemy']" in done.stdout
