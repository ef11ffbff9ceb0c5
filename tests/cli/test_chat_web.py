"""`make run` (`whatsworking chat --web`) serves the web dashboard and prints a sign-in link."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.cli import run

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/web/sign-in\?t=[A-Za-z0-9_\-]+)")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_chat_with_web_prints_a_link_that_opens_the_dashboard(
    capsys: object, sqlite_url: str, tmp_path: Path
) -> None:
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)  # type: ignore[arg-type]
    env = {**os.environ, "WHATSWORKING_WEB_PORT": str(free_port()), "COLUMNS": "300"}
    env.pop("WHATSWORKING_PUBLIC_URL", None)
    chat = subprocess.Popen(
        [str(Path(sys.executable).parent / "whatsworking"), "chat", "--web", "--db", sqlite_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert chat.stdout is not None and chat.stdin is not None
        seen = ""
        while not LINK.search(seen):
            line = chat.stdout.readline()
            assert line, seen
            seen += line
        link = LINK.search(seen).group(1)  # type: ignore[union-attr]
        with httpx.Client() as browser:
            token = link.split("t=")[1]
            opened = browser.post(link.split("?")[0], data={"t": token})
            assert opened.status_code == 303 and opened.headers["location"] == "/web/"
            page = browser.get(link.split("/web/")[0] + "/web/")
            assert page.status_code == 200 and "What's working" in page.text
        chat.stdin.write("quit\n")
        chat.stdin.flush()
        assert chat.wait(timeout=30) == 0
    finally:
        chat.kill()
