"""F1: every key and command of the interview screen for the current mode, in our words.

Textual's own key panel lists the text area's cursor keys first; a candidate needs the
interview's keys and the slash commands, and a mentor the panel's."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("Enter", "send the answer"),
    ("ctrl+j", "a new line in the answer"),
    ("F1", "this help"),
    ("F2", "hint: a nudge toward something not yet covered"),
    ("F3", "move on to the next phase"),
    ("F4", "skip the current question"),
    ("F5", "interim score (what it covers, what is still open)"),
    ("F7", "move between the transcript and the answer box"),
    ("PageUp/PageDown", "scroll the transcript (Home/End when it has the focus)"),
    ("ctrl+t", "show or hide the highlighted talking points"),
    ("F9", "end the interview and see the score (asks first)"),
    ("Esc", "leave for the start screen; the session stays resumable"),
    ("ctrl+p", "the command palette"),
    ("ctrl+q", "quit (the session stays resumable)"),
]
MENTOR_KEYS = [
    ("F6", "type the interviewer's line instead of the engine's (again: the candidate's)"),
    ("F8", "pause or run the mock's clock"),
    ("Tab", "to the rubric checkboxes, the grade, the note box and the saved notes"),
    ("Up/Down", "between the rubric checkboxes"),
    ("Space", "tick or untick the focused rubric item"),
    ("ctrl+n", "to the note box; Enter saves the note (ctrl+j: a new line)"),
    ("Enter on a note", "reopen it for editing; Save note rewrites it"),
]


def _commands() -> list[tuple[str, str]]:
    """The slash commands as the interviewer's own /help lists them (one list, in `lines`)."""
    from trainer.interviewer.lines import EN

    rows = [line.split(None, 1) for line in EN.help.splitlines() if line.strip().startswith("/")]
    return [(row[0], row[1] if len(row) > 1 else "") for row in rows]


def help_text(mentor: bool) -> Group:
    """The keys and commands as two-column tables, so long descriptions wrap in their column."""
    sections = [("Keys", KEYS)] + ([("Mentor", MENTOR_KEYS)] if mentor else []) + [("Commands (typed)", _commands())]
    parts: list = []
    for title, rows in sections:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 2), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for key, what in rows:
            table.add_row(key, what)
        parts += [Text(title, style="bold underline"), table, Text("")]
    parts.append(Text("Esc, F1 or q closes this help.", style="dim"))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,q", "close", "Close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 96; height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    """

    def __init__(self, mentor: bool = False):
        super().__init__()
        self.mentor = mentor

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Help — mentor-run mock" if self.mentor else "Help — solo practice"
            yield Static(help_text(self.mentor), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
