"""The transcript: Markdown-rendered messages, interviewer and candidate styled apart."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

LABELS = {"interviewer": "Interviewer", "candidate": "You", "system": ""}


class ChatMessage(Static):
    def __init__(self, speaker: str, text: str, *, plain: bool = False):
        """`plain`: prose shown as is (the scenario's opening, painted before markdown-it loads)."""
        if plain:
            from rich.text import Text

            super().__init__(Text(text), classes=f"message {speaker}")
        else:
            # A line break the person typed is meant: keep it (Markdown would join the lines).
            shown = text if text.lstrip().startswith("```") else text.replace("\n", "  \n")
            from rich.markdown import Markdown  # markdown-it costs ~100 ms: not before the first paint

            super().__init__(Markdown(shown), classes=f"message {speaker}")
        self.speaker = speaker
        self.text = text
        if LABELS.get(speaker):
            self.border_title = LABELS[speaker]


    def set_provisional(self, text: str) -> None:
        """Text that has not passed the checks yet: dim and marked, until `set_text` replaces it."""
        from rich.text import Text

        from trainer.inert import terminal

        self.update(Text("… " + terminal(text), style="dim italic"))

    def set_text(self, text: str) -> None:
        """Replace the message's text (the LLM's phrasing streams in through here)."""
        from rich.markdown import Markdown

        self.text = text
        self.update(Markdown(text.replace("\n", "  \n")))


class TranscriptView(VerticalScroll):
    can_focus = False

    def add(self, speaker: str, text: str, *, plain: bool = False) -> ChatMessage:
        message = ChatMessage(speaker, text, plain=plain)
        self.mount(message)
        self.call_after_refresh(self.scroll_end, animate=False)
        return message

    @property
    def messages(self) -> list[ChatMessage]:
        return list(self.query(ChatMessage))
