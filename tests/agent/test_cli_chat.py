"""`whatsworking ask`, `chat` and `chart`: JSON replies, scripted input, EOF, PNGs, a lean start."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main as full_command_line
from bot.entry import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process and return (exit code, stdout, stderr)."""
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_url(capsys: pytest.CaptureFixture[str], database_url: str) -> str:
    """A database whose only creator has 24 simulated pieces."""
    code, _, err = run(
        capsys, "demo", "enable", "--pieces", "24", "--seed", "4", "--db", database_url
    )
    assert code == 0, err
    return database_url


def test_ask_prints_the_reply_model_as_json(
    capsys: pytest.CaptureFixture[str], demo_url: str
) -> None:
    code, out, _ = run(capsys, "ask", "what's working overall?", "--json", "--db", demo_url)
    assert code == 0
    reply = json.loads(out)
    assert reply["blocks"][0]["text"].startswith("What's working — all time")
    assert reply["chart"]["kind"] == "top_bottom"
    assert {"label", "action", "row"} <= set(reply["buttons"][0])
    assert "account_key" not in reply  # internal ids stay internal
    code, out, _ = run(capsys, "ask", "/themes", "--db", demo_url)
    assert code == 0 and "Themes by average score" in out and "--charts-dir" in out
    full_command_line(["ask", "/themes", "--db", demo_url])  # listed in the full CLI too
    assert "Themes by average score" in capsys.readouterr().out


def test_ask_starts_without_the_rest_of_the_command_line(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    demo_url = sqlite_url
    run(capsys, "demo", "enable", "--pieces", "12", "--seed", "4", "--db", demo_url)
    code = (
        "import sys; from bot.entry import main; "
        "main(['ask', 'what is working', '--db', sys.argv[1]]); "
        "heavy = [m for m in ('bot.cli', 'matplotlib', 'langchain_openai', 'openai', 'telegram', "
        "'discord', 'fastapi') if m in sys.modules]; print('HEAVY', heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, demo_url], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in done.stdout and "What's working" in done.stdout


def test_chat_reads_lines_presses_numbers_and_ends_on_eof(
    capsys: pytest.CaptureFixture[str],
    demo_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("/top all\n4\n"))
    code, out, _ = run(capsys, "chat", "--db", demo_url, "--charts-dir", str(tmp_path))
    assert code == 0
    assert "Top performers — all time" in out and "Themes by average score" in out
    assert sorted(p.name.split("-")[0] for p in tmp_path.glob("*.png")) == [
        "theme_bars",
        "top_bottom",
    ]


def test_chart_renders_any_kind_and_refuses_unknown_ones(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "heat.png"
    code, out, _ = run(capsys, "chart", "posting_heatmap", "--out", str(target), "--db", demo_url)
    assert code == 0 and str(target) in out.replace("\n", "")
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    code, _, err = run(capsys, "chart", "pie", "--out", str(tmp_path / "x.png"), "--db", demo_url)
    assert code == 2 and "Unknown chart kind 'pie'" in err and not (tmp_path / "x.png").exists()
