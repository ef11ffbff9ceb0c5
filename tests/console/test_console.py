"""The console front-end driven by scripted input: rendering, numbered buttons, charts, quit."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from bot.console.frontend import TURN_FAILED, render_reply, request_for, run_console
from context.charts import plan_progress
from context.reply import (
    Action,
    BulletList,
    Button,
    ChatRequest,
    ContentRef,
    Headline,
    Paragraph,
    Reply,
    Table,
)
from storage.errors import NotFound

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def make_console() -> tuple[Console, io.StringIO]:
    """A plain-text console writing into a buffer."""
    buffer = io.StringIO()
    return Console(file=buffer, width=120, color_system=None, force_terminal=False), buffer


def scripted(*lines: str) -> tuple[Callable[[str], str], list[str]]:
    """An input function replaying ``lines`` then raising EOF, and the prompts it was shown."""
    prompts: list[str] = []
    remaining = iter(lines)

    def read(prompt: str) -> str:
        prompts.append(prompt)
        try:
            return next(remaining)
        except StopIteration:
            raise EOFError from None

    return read, prompts


WHY = Action("why", ("12",))
MORE = Action("more", ("12",))
REPLY = Reply(
    blocks=(
        Headline("What's working"),
        Paragraph("Your [bold]tutorials[/bold] beat your average by 42%."),
        BulletList(("Post at 18:00", "Keep it under 60 s")),
        Table(("Theme", "Avg score"), (("tutorials", "81"), ("vlogs", "37"))),
        ContentRef(12, "My iPhone review", "youtube", "score 91"),
    ),
    buttons=(Button("Why it worked", WHY), Button("Make more like this", MORE)),
    notice="The AI is unavailable right now.",
)


def test_blocks_render_in_order_with_numbered_buttons(tmp_path: Path) -> None:
    console, buffer = make_console()
    actions = render_reply(REPLY, console, charts_dir=tmp_path)
    out = buffer.getvalue()
    assert actions == [WHY, MORE]
    order = [
        "The AI is unavailable",
        "What's working",
        "[bold]tutorials[/bold]",  # creator text is shown, never parsed as markup
        "• Post at 18:00",
        "vlogs",
        "#12 [youtube] My iPhone review — score 91",
        "[1] Why it worked",
        "[2] Make more like this",
    ]
    positions = [out.index(fragment) for fragment in order]
    assert positions == sorted(positions)
    assert "Avg score" in out and "37" in out


def test_terminal_escapes_in_creator_text_are_removed(tmp_path: Path) -> None:
    console, buffer = make_console()
    hostile = Reply(blocks=(ContentRef(3, "\x1b[2Jwiped\u202eevil\x07", "tiktok"),))
    render_reply(hostile, console, charts_dir=tmp_path)
    out = buffer.getvalue()
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "[2Jwipedevil" in out


def test_a_chart_is_saved_as_png_and_its_path_printed(tmp_path: Path) -> None:
    console, buffer = make_console()
    render_reply(Reply(chart=plan_progress(["Plan A"], [50.0])), console, charts_dir=tmp_path)
    saved = list(tmp_path.glob("plan_progress-*.png"))
    assert len(saved) == 1
    assert saved[0].read_bytes().startswith(PNG_SIGNATURE)
    assert str(saved[0]) in buffer.getvalue().replace("\n", "")


def test_a_chart_that_cannot_be_saved_is_reported_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    console, buffer = make_console()
    render_reply(Reply(chart=plan_progress(["A"], [1.0])), console, charts_dir=blocker)
    assert "could not be saved" in buffer.getvalue()
    assert "Traceback" not in buffer.getvalue()


def test_a_number_presses_a_shown_button_and_other_text_is_sent_as_text() -> None:
    actions = [WHY, MORE]
    assert request_for("2", actions, "me").action == MORE
    assert request_for("3", actions, "me").text == "3"
    assert request_for("done 2", actions, "me").text == "done 2"
    request = request_for("1", actions, "me")
    assert (request.channel, request.external_id, request.text) == ("console", "me", None)


def test_the_loop_sends_text_then_the_pressed_button_then_quits(tmp_path: Path) -> None:
    console, buffer = make_console()
    received: list[ChatRequest] = []

    def handle(request: ChatRequest) -> Reply:
        received.append(request)
        return REPLY

    read, prompts = scripted("what's working?", "", "2", "QUIT", "never read")
    turns = run_console(
        handle, input_fn=read, console=console, external_id="mia", charts_dir=tmp_path
    )
    assert turns == 2
    assert [r.text for r in received] == ["what's working?", None]
    assert received[1].action == MORE
    assert {r.external_id for r in received} == {"mia"}
    assert len(prompts) == 4  # stopped at QUIT, never read the next line
    assert buffer.getvalue().count("[1] Why it worked") == 2


@pytest.mark.parametrize("ending", ["exit", "quit", "/quit"])
def test_quit_words_end_the_chat(ending: str) -> None:
    read, _ = scripted(ending, "hello")
    assert run_console(lambda r: REPLY, input_fn=read, console=make_console()[0]) == 0


def test_end_of_input_and_ctrl_c_end_the_chat() -> None:
    read, _ = scripted("hello")
    assert run_console(lambda r: Reply(), input_fn=read, console=make_console()[0]) == 1

    def interrupted(prompt: str) -> str:
        raise KeyboardInterrupt

    assert run_console(lambda r: Reply(), input_fn=interrupted, console=make_console()[0]) == 0


def test_failures_print_one_line_and_keep_the_previous_buttons(tmp_path: Path) -> None:
    console, buffer = make_console()
    received: list[ChatRequest] = []

    def handle(request: ChatRequest) -> Reply:
        received.append(request)
        if request.text == "boom":
            raise RuntimeError("secret internals /etc/passwd")
        if request.text == "missing":
            raise NotFound("No piece #99 in your catalogue.")
        return REPLY

    read, _ = scripted("hi", "boom", "missing", "1")
    assert run_console(handle, input_fn=read, console=console, charts_dir=tmp_path) == 4
    out = buffer.getvalue()
    assert TURN_FAILED in out
    assert "No piece #99 in your catalogue." in out
    assert "secret internals" not in out and "Traceback" not in out
    assert received[-1].action == WHY
