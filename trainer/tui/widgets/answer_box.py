"""The multi-line answer box: Enter sends, ctrl+j inserts a newline."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


class AnswerBox(TextArea):
    BINDINGS = [Binding("ctrl+j", "newline", "Newline", show=True, key_display="^j")]

    @dataclass
    class Submitted(Message):
        """The candidate pressed Enter on a non-empty answer."""

        box: "AnswerBox"
        text: str

    def on_mount(self) -> None:
        if self.app.is_headless:  # a blinking cursor makes snapshots flaky; people keep the blink
            self.cursor_blink = False

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            text = self.text
            if text.strip():
                self.post_message(self.Submitted(self, text))
                self.clear()
            return
        await super()._on_key(event)

    def action_newline(self) -> None:
        self.insert("\n")
