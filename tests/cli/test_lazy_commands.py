"""A command builds only its own module's commands: `rescore` starts without the bots, the HTTP
API or the platform clients, and every command is still where `--help` lists it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from bot.cli.app import app_for, full_app
from bot.cli.commands import REGISTRARS, Register
from bot.entry import new_app
from tests.support.cli import run

EDGES = ("telegram", "discord", "fastapi", "uvicorn", "googleapiclient", "jinja2", "matplotlib")

PROBE = """
import sys
from bot.entry import main
try:
    main(['rescore', '--db', sys.argv[1]])
except SystemExit:
    pass
print('EDGES', sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[2:])))
"""


def names(app: typer.Typer) -> set[str]:
    """The top-level command names of ``app``."""
    return set(typer.main.get_group(app).commands)


@pytest.mark.parametrize(("expected", "register"), REGISTRARS)
def test_each_module_adds_the_commands_the_table_names(
    expected: frozenset[str], register: Register
) -> None:
    app = new_app()
    register(app)
    assert names(app) == expected


def test_the_whole_command_line_holds_every_module_s_commands() -> None:
    every = set().union(*(expected for expected, _ in REGISTRARS))
    assert names(full_app()) == every
    assert names(app_for(["rescore", "--full"])) == {
        "dashboard",
        "content",
        "themes",
        "insights",
        "rescore",
    }
    assert names(app_for(["--help"])) == every == names(app_for(["no-such-command"]))


def test_a_command_alone_in_its_app_still_takes_its_name_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "web-link", "--help")
    assert code == 0 and "web-link [OPTIONS]" in out and "Commands" not in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["no-such-command"], "No such command 'no-such-command'"),
        (["rescore", "--no-such-option"], "No such option: --no-such-option"),
        (["ask", "hello", "--no-such-option"], "No such option: --no-such-option"),
    ],
)
def test_a_mistyped_command_or_option_is_one_error_and_exit_2(argv: list[str], said: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from bot.entry import main; main(sys.argv[1:])", *argv],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert said in done.stderr and "Traceback" not in done.stderr


def test_rescore_starts_without_the_bots_the_api_or_the_platform_clients(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, url, *EDGES], capture_output=True, text=True, check=True
    )
    assert "EDGES []" in done.stdout, done.stdout[-400:]


def test_the_probe_sees_an_edge_import(tmp_path: Path) -> None:
    """The check can fail: the whole command line imports the bots."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    probe = PROBE.replace("['rescore',", "['no-such-command',")
    done = subprocess.run(
        [sys.executable, "-c", probe, url, *EDGES], capture_output=True, text=True, check=True
    )
    assert "telegram" in done.stdout.split("EDGES")[-1]


READERS = """
import sys
from bot.entry import main
for argv in (['dashboard'], ['themes'], ['content', 'list'], ['insights']):
    try:
        main([*argv, '--db', sys.argv[1]])
    except SystemExit as stop:
        assert not stop.code, argv
print('SCIPY', 'scipy' in sys.modules)
"""


def test_commands_that_read_the_stored_figures_start_without_scipy(tmp_path: Path) -> None:
    """scipy (half a second of start-up) is for computing patterns, not for showing them."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    demo = ["demo", "enable", "--pieces", "60", "--seed", "5", "--db", url]
    entry = "import sys; from bot.entry import main; main(sys.argv[1:])"
    subprocess.run([sys.executable, "-c", entry, *demo], capture_output=True, check=True)
    done = subprocess.run(
        [sys.executable, "-c", READERS, url], capture_output=True, text=True, check=True
    )
    assert "Top performers" in done.stdout and "SCIPY False" in done.stdout, done.stdout[-400:]
