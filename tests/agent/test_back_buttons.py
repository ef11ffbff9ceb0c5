"""Per-piece buttons edit their message in place and lead Back to where they were pressed."""

from __future__ import annotations

from context import actions
from context.reply import Action, Button, Paragraph, Reply
from context.rules.handlers import placed, tool_call_for_action
from context.tools.render import piece_buttons

TOP = actions.tab("top", "30d", "tiktok")
DETAILS = Reply((Paragraph("#12"),), tuple(piece_buttons(12, "overperforming")))


def back(reply: Reply) -> Action | None:
    """Where the reply's Back button leads, if it has one."""
    found = [b.action for b in reply.buttons if b.label == actions.BACK]
    assert len(found) <= 1
    return found[0] if found else None


def test_details_from_a_tab_go_back_to_it_and_pass_it_on() -> None:
    pressed = actions.on_piece(actions.PIECE, 12, TOP)
    assert pressed.encode() == "piece:12,top,30d,tiktok"
    reply = placed(pressed, DETAILS)
    assert reply.edit_in_place and back(reply) == TOP
    nested = {b.label: b.action.encode() for b in reply.buttons}
    assert nested["Why it worked"] == "why:12,top,30d,tiktok"
    assert nested["Create plan"] == "mkplan:top,30d,tiktok"
    assert placed(Action(actions.MAKE_PLAN, TOP.args), Reply()).buttons[-1].action == TOP


def test_without_a_tab_back_leads_to_the_piece_details() -> None:
    why = placed(actions.on_piece(actions.WHY, 12), Reply((Paragraph("why"),)))
    assert why.edit_in_place and back(why) == Action(actions.PIECE, ("12",))
    details = placed(Action(actions.PIECE, ("12",)), DETAILS)
    assert not details.edit_in_place and details == DETAILS, "a typed list stays on screen"
    plan = placed(Action(actions.MAKE_PLAN, ("12",)), Reply((Paragraph("draft"),)))
    assert back(plan) == Action(actions.PIECE, ("12",))
    assert not placed(Action(actions.MAKE_PLAN), Reply()).edit_in_place


def test_other_buttons_keep_their_behaviour() -> None:
    plain = Reply((Paragraph("x"),), (Button("Save plan", Action(actions.SAVE)),))
    assert placed(Action(actions.SAVE), plain) == plain
    assert placed(TOP, plain).edit_in_place and back(placed(TOP, plain)) is None


def test_origins_route_to_the_same_tools_and_bad_ones_expire() -> None:
    assert tool_call_for_action(Action("why", ("12", "top", "30d", "all"))) == (
        "explain_piece",
        {"ref": "12", "aspect": "why"},
    )
    assert tool_call_for_action(Action("why", ("12", "12"))) is not None
    assert tool_call_for_action(Action("why", ("12", "top"))) is None
    assert tool_call_for_action(Action("plan", ("3", "top", "30d", "all"))) is None
    longest = actions.on_piece(
        actions.DIAGNOSE, 99999, actions.tab("attention", "90d", "instagram")
    )
    assert len(longest.encode()) <= 52, "fits a signed Telegram callback"
