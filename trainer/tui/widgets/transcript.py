"""The transcript: messages as plain text, interviewer, candidate and system lines styled apart.

Plain text, never Markdown: "# my plan" a candidate types is a line, not a heading; tags, links
and escape sequences are shown inert, and line breaks and list bullets stay as typed.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from trainer.inert import terminal

LABELS = {"interviewer": "Interviewer", "candidate": "You", "system": ""}


def _shown(speaker: str, text: str) -> Text:
    return Text(terminal(text), style="dim" if speaker == "system" else "")


class ChatMessage(Static):
    def __init__(self, speaker: str, text: str):
        super().__init__(_shown(speaker, text), classes=f"message {speaker}")
        self.speaker = speaker
        self.text = text
        if LABELS.get(speaker):
            self.border_title = LABELS[speaker]

    def set_provisional(self, text: str) -> None:
        """Text that has not passed the checks yet: dim and marked, until `set_text` replaces it."""
        self.update(Text("… " + terminal(text), style="dim italic"))

    def set_text(self, text: str) -> None:
        """Replace the message's text (the accepted LLM line, or the engine's)."""
        self.text = text
        self.update(_shown(self.speaker, text))


class TranscriptView(VerticalScroll):
    can_focus = False

    def add(self, speaker: str, text: str) -> ChatMessage:
        message = ChatMessage(speaker, text)
        self.mount(message)
        self.call_after_refresh(self.scroll_end, animate=False)
        return message

    @property
    def messages(self) -> list[ChatMessage]:
        return list(self.query(ChatMessage))
