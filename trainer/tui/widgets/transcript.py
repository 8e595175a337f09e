"""The transcript: messages as plain text, interviewer, candidate and system lines styled apart.

Plain text, never Markdown: "# my plan" a candidate types is a line, not a heading; tags, links
and escape sequences are shown inert, and line breaks and list bullets stay as typed.

The view follows the latest message — after each reply and after a resize — unless the reader
scrolled up to read back; scrolling to the end again resumes following. It takes the focus for
PageUp/PageDown/Home/End, and typing there goes back to the answer box.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from trainer.inert import terminal

LABELS = {"interviewer": "Interviewer", "candidate": "You", "system": ""}
HEARD_STYLE = "bold underline"


def _shown(speaker: str, text: str, heard: tuple[tuple[int, int, str], ...] = ()) -> Text:
    shown = Text(terminal(text), style="dim" if speaker == "system" else "")
    if len(shown.plain) == len(text):  # offsets hold only when nothing was made inert
        for start, end, _ in heard:
            shown.stylize(HEARD_STYLE, start, end)
    return shown


class ChatMessage(Static):
    def __init__(self, speaker: str, text: str):
        super().__init__(_shown(speaker, text), classes=f"message {speaker}")
        self.speaker = speaker
        self.text = text
        self.heard: tuple[tuple[int, int, str], ...] = ()
        self.show_heard = True
        self.queued = False
        if LABELS.get(speaker):
            self.border_title = LABELS[speaker]

    def set_provisional(self, text: str) -> None:
        """Text that has not passed the checks yet: dim and marked, until `set_text` replaces it."""
        self.update(Text("… " + terminal(text), style="dim italic"))

    def set_text(self, text: str) -> None:
        """Replace the message's text (the accepted LLM line, or the engine's)."""
        self.text = text
        self._paint()

    def set_queued(self, queued: bool) -> None:
        """An answer waiting behind the interviewer's pending reply: marked, below that reply."""
        self.queued = queued
        self.border_subtitle = "queued — sent after the reply above" if queued else ""
        self.set_class(queued, "queued")

    def set_heard(self, heard: tuple[tuple[int, int, str], ...], show: bool = True) -> None:
        """Highlight the words that earned credit (the talking points), and name their items."""
        self.heard = heard
        self.show_heard = show
        self._paint()

    def _paint(self) -> None:
        heard = self.heard if self.show_heard else ()
        self.update(_shown(self.speaker, self.text, heard))
        titles = list(dict.fromkeys(title for _, _, title in heard))
        if self.speaker == "candidate" and not self.queued:
            self.border_subtitle = ("heard: " + "; ".join(titles)) if titles else ""


class TranscriptView(VerticalScroll):
    can_focus = True

    def on_mount(self) -> None:
        self.anchor()  # Textual's anchor: kept at the end until the reader scrolls up, again at the end

    @property
    def following(self) -> bool:
        return self._anchored and not self._anchor_released

    def add(self, speaker: str, text: str, *, before: Widget | None = None) -> ChatMessage:
        """Mount a message at the end (or before a queued answer), then follow it if following."""
        message = ChatMessage(speaker, text)
        if before is not None and before.parent is self:
            self.mount(message, before=before)
        else:
            self.mount(message)
        self.follow()
        return message

    def follow(self) -> None:
        if self.following:
            self.call_after_refresh(self.scroll_end, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.follow()

    def on_key(self, event: events.Key) -> None:
        """Typing while reading back: the keystroke goes to the answer box, which takes the focus."""
        if event.is_printable and event.character:
            from trainer.tui.widgets.answer_box import AnswerBox

            box = next(iter(self.screen.query(AnswerBox)), None)
            if box is not None and not box.disabled:
                event.stop()
                box.focus()
                box.insert(event.character)

    @property
    def messages(self) -> list[ChatMessage]:
        return list(self.query(ChatMessage))
