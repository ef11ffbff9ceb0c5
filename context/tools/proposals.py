"""What the model may change: nothing by itself. Its writes become a button the creator presses.

Text a model read (a title, a caption, a plan) could ask it to tick items off or push them back,
so ``complete_item``, ``uncomplete_item`` and ``snooze_item`` called by the model change nothing:
they answer with the very button a plan or a reminder shows (``toggle:P.I``, ``snooze:P.I,Nd``),
signed for the creator like every button. ``add_item`` and ``link_item`` have no such button and
are not offered to the model (the creator types them, or presses "Create plan").
"""

from __future__ import annotations

from pydantic import BaseModel

from context import actions
from context.reply import Action, Button, Paragraph, Reply
from context.scheduled.reminders import SNOOZE, snooze_days
from context.tools.base import ToolResult
from context.tools.items import ItemTool

MODEL_MAY_NOT_CALL = frozenset({"add_item", "link_item"})
CONFIRMED_BY_BUTTON = frozenset({"complete_item", "uncomplete_item", "snooze_item"})
ASK = (
    "Nothing was changed yet: the creator confirms with the button '{label}' under your answer. "
    "Tell them to press it."
)


class ConfirmFirst:
    """A write tool as the model sees it: same name and arguments, a button instead of a write."""

    def __init__(self, inner: ItemTool) -> None:
        """Wrap ``inner``: its name and arguments, a description saying the creator confirms."""
        self.inner = inner
        self.name = inner.name
        self.description = f"{inner.description} The creator confirms with a button."
        self.args_model: type[BaseModel] = inner.args_model

    def run(self, args: BaseModel) -> ToolResult:
        """Resolve the item (a bad reference is an error result) and offer its button."""
        ref = self.inner.ref(str(getattr(args, "item", "")))
        if self.inner.name == "snooze_item":
            days = snooze_days(str(getattr(args, "days", "1d")))
            label, action = f"Snooze {ref} by {days}d", Action(SNOOZE, (str(ref), f"{days}d"))
        else:
            label, action = f"Tick {ref} on or off", Action(actions.TOGGLE, (str(ref),))
        text = ASK.format(label=label)
        return ToolResult(text, Reply((Paragraph(text),), (Button(label, action),)))
