"""The mentor's panel: the current phase's rubric items as checkboxes, a 1–4 grade, and notes
that stay listed (phase, time, text) and can be reopened and edited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Label, OptionList, Select, TextArea
from textual.widgets.option_list import Option

from trainer.durations import fmt_duration
from trainer.tui.widgets.toggles import Tick

if TYPE_CHECKING:
    from trainer.content.models import Phase

GRADES = [("1 — no hire", 1), ("2 — lean no", 2), ("3 — lean hire", 3), ("4 — strong", 4)]
# Older sessions stored a note's time as Unix time, newer ones as seconds into the mock.
_MOCK_SECONDS = 10**7


class ItemBox(Tick):
    def __init__(self, item_id: str, title: str, value: bool):
        super().__init__(title, value, id=f"tick-{item_id.replace('.', '-')}", wrap=True, compact=True)
        self.item_id = item_id


class Checklist(VerticalScroll, can_focus=False):
    """The items scroll; Tab goes straight to the first checkbox, not to an invisible stop, and
    Up/Down move between the checkboxes (Space ticks)."""

    BINDINGS = [
        Binding("down", "move(1)", "Next item", show=False),
        Binding("up", "move(-1)", "Previous item", show=False),
    ]

    def action_move(self, step: int) -> None:
        boxes = list(self.query(ItemBox))
        focused = self.screen.focused
        if not boxes or focused not in boxes:
            return
        target = boxes[max(0, min(len(boxes) - 1, boxes.index(focused) + step))]
        target.focus()
        target.scroll_visible()


class NoteBox(TextArea):
    """The mentor's note: Enter saves it (ctrl+j for a new line), as the answer box sends."""

    @dataclass
    class Submitted(Message):
        text: str

    async def _on_key(self, event: events.Key) -> None:
        if event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self.text))
            return
        await super()._on_key(event)


def note_line(phase: str | None, at: float | None, text: str) -> str:
    from trainer.tui.widgets.phase_sidebar import phase_label

    when = fmt_duration(at) if at is not None and at < _MOCK_SECONDS else "–"
    return f"{phase_label(phase)} {when} · {' '.join(text.split())}"


class MentorPanel(Vertical):
    @dataclass
    class Ticked(Message):
        item: str
        value: bool

    @dataclass
    class Graded(Message):
        phase: str
        grade: int

    @dataclass
    class Noted(Message):
        text: str

    @dataclass
    class NoteEdited(Message):
        index: int
        text: str

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.phase: Phase | None = None
        self.notes: tuple[tuple[str | None, float | None, str], ...] = ()
        self.editing: int | None = None  # the note reopened in the box, if any
        # Values we set programmatically: their Changed events are echoes, not the mentor's clicks.
        self._echo_ticks: dict[str, bool] = {}
        self._echo_grade: object = None

    def compose(self) -> ComposeResult:
        yield Label("Rubric — tick what you heard", id="mentor-title")
        yield Checklist(id="mentor-items")
        yield Select(GRADES, prompt="Grade this phase", id="mentor-grade", compact=True)
        yield NoteBox(id="mentor-notes", placeholder="A note (Enter saves · ctrl+n comes here)", compact=True)
        yield Button("Save note", id="mentor-save", variant="primary", compact=True)
        yield OptionList(id="mentor-notes-list", compact=True)

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#mentor-notes", NoteBox).cursor_blink = False
        self.query_one("#mentor-notes-list", OptionList).display = False

    def show_phase(
        self,
        phase: Phase,
        items: tuple[tuple[str, str, bool], ...],
        grade: int | None,
        notes: tuple[tuple[str | None, float | None, str], ...] = (),
    ) -> None:
        """Rebuild the checklist when the phase changes; otherwise only sync the ticks.

        `items` are (item id, title, checked) from the session's snapshot.
        """
        box = self.query_one("#mentor-items", Checklist)
        checked = {item_id: value for item_id, _, value in items}
        if phase != self.phase:
            self.phase = phase
            box.remove_children()
            box.mount_all([ItemBox(item_id, title, value) for item_id, title, value in items])
            from trainer.tui.widgets.phase_sidebar import phase_label

            self.query_one("#mentor-title", Label).update(f"Rubric — {phase_label(phase.value)}")
        else:
            for widget in box.query(ItemBox):
                wanted = checked.get(widget.item_id, False)
                if widget.value != wanted:
                    self._echo_ticks[widget.item_id] = wanted
                    widget.value = wanted
        select = self.query_one("#mentor-grade", Select)
        if grade is None:
            if not select.is_blank():
                self._echo_grade = Select.BLANK
                select.clear()
        elif select.value != grade:
            self._echo_grade = grade
            select.value = grade
        if notes != self.notes:
            self.notes = notes
            listing = self.query_one("#mentor-notes-list", OptionList)
            highlighted = listing.highlighted
            listing.clear_options()
            listing.add_options([Option(note_line(*note)) for note in notes])
            listing.display = bool(notes)
            if notes:
                listing.highlighted = min(highlighted, len(notes) - 1) if highlighted is not None else len(notes) - 1

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if not isinstance(event.checkbox, ItemBox):
            return
        item = event.checkbox.item_id
        if item in self._echo_ticks and self._echo_ticks[item] == event.value:
            del self._echo_ticks[item]
            return
        self.post_message(self.Ticked(item, event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._echo_grade is not None and event.value == self._echo_grade:
            self._echo_grade = None
            return
        if self.phase is not None and isinstance(event.value, int) and not isinstance(event.value, bool):
            self.post_message(self.Graded(self.phase.value, event.value))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a listed note reopens it in the box; Save then rewrites it."""
        if event.option_list.id != "mentor-notes-list":
            return
        event.stop()
        self.editing = event.option_index
        notes = self.query_one("#mentor-notes", NoteBox)
        notes.text = self.notes[event.option_index][2]
        notes.focus()
        self.query_one("#mentor-save", Button).label = f"Save note {event.option_index + 1}"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "mentor-save":
            event.stop()
            self.save_note()

    def on_note_box_submitted(self, event: NoteBox.Submitted) -> None:
        event.stop()
        self.save_note()

    def save_note(self) -> None:
        """A new note, or the reopened one rewritten; the box empties for the next."""
        notes = self.query_one("#mentor-notes", NoteBox)
        if notes.text.strip():
            if self.editing is not None:
                self.post_message(self.NoteEdited(self.editing, notes.text))
            else:
                self.post_message(self.Noted(notes.text))
            notes.clear()
        self.editing = None
        self.query_one("#mentor-save", Button).label = "Save note"

    def focus_notes(self) -> None:
        self.query_one("#mentor-notes", NoteBox).focus()
