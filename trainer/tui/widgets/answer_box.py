"""The multi-line answer box: Enter sends, ctrl+j inserts a newline."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

NEWLINE_KEYS = ("ctrl+j", "shift+enter")


class AnswerBox(TextArea):
    BINDINGS = [Binding("ctrl+j", "newline", "Newline", show=False, key_display="^j")]  # the placeholder says it

    @dataclass
    class Submitted(Message):
        """The candidate pressed Enter on a non-empty answer."""

        box: AnswerBox
        text: str

    def on_mount(self) -> None:
        if self.app.is_headless:  # a blinking cursor makes snapshots flaky; people keep the blink
            self.cursor_blink = False

    async def _on_key(self, event: events.Key) -> None:
        # Handled here, not only through the binding: a real terminal's LF arrives as
        # ctrl+j with a character, and would otherwise slip past the text area.
        if event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.action_newline()
            return
        if event.key in ("pageup", "pagedown"):
            # A five-line box has no pages of its own: these scroll the transcript above, as in chat apps.
            from trainer.tui.widgets.transcript import TranscriptView

            view = next(iter(self.screen.query(TranscriptView)), None)
            if view is not None:
                event.stop()
                event.prevent_default()
                view.scroll_page_up() if event.key == "pageup" else view.scroll_page_down()
                return
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
