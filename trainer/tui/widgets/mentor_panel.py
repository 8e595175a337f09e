"""The mentor's panel: the current phase's rubric items as checkboxes, a 1–4 grade, notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Label, Select, TextArea

if TYPE_CHECKING:
    from trainer.content.models import Phase

GRADES = [("1 — no hire", 1), ("2 — lean no", 2), ("3 — lean hire", 3), ("4 — strong", 4)]


class ItemBox(Checkbox):
    def __init__(self, item_id: str, title: str, value: bool):
        super().__init__(title, value, id=f"tick-{item_id.replace('.', '-')}")
        self.item_id = item_id


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

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.phase: Phase | None = None
        # Values we set programmatically: their Changed events are echoes, not the mentor's clicks.
        self._echo_ticks: dict[str, bool] = {}
        self._echo_grade: object = None

    def compose(self) -> ComposeResult:
        yield Label("Rubric — tick what you heard", id="mentor-title")
        yield VerticalScroll(id="mentor-items")
        yield Select(GRADES, prompt="Grade this phase", id="mentor-grade")
        yield TextArea(id="mentor-notes")
        yield Button("Save note", id="mentor-save", variant="primary")

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#mentor-notes", TextArea).cursor_blink = False

    def show_phase(self, phase: Phase, items: tuple[tuple[str, str, bool], ...], grade: int | None) -> None:
        """Rebuild the checklist when the phase changes; otherwise only sync the ticks.

        `items` are (item id, title, checked) from the session's snapshot.
        """
        box = self.query_one("#mentor-items", VerticalScroll)
        checked = {item_id: value for item_id, _, value in items}
        if phase != self.phase:
            self.phase = phase
            box.remove_children()
            box.mount_all([ItemBox(item_id, title, value) for item_id, title, value in items])
            self.query_one("#mentor-title", Label).update(f"Rubric — {phase.value}")
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

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "mentor-save":
            event.stop()
            notes = self.query_one("#mentor-notes", TextArea)
            if notes.text.strip():
                self.post_message(self.Noted(notes.text))
                notes.clear()
