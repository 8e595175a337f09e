"""One-of-a-few choices and checkboxes whose states differ by glyph, not only by colour.

Textual draws the same "●"/"X" for on and off and tells them apart by colour alone, which a
16-colour or monochrome terminal (or a colour-blind user) cannot see: here off is an empty
circle or box, on is filled.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widgets import Checkbox, OptionList
from textual.widgets.option_list import Option


class OneOf(OptionList):
    """One value of a few, each on its line as "● chosen" or "○ not chosen".

    One widget for the whole set: a RadioSet is a widget per button, and the start screen's two
    sets cost a sixth of its first paint. Up/Down move, Enter, Space or a click choose; `value`
    is the chosen option's id.
    """

    BINDINGS = [Binding("space", "select", "Choose", show=False)]

    def __init__(self, choices: Sequence[tuple[str, str]], value: str, *, id: str | None = None):
        self._labels = dict(choices)
        self.value = value
        super().__init__(*(Option(self._prompt(key), id=key) for key in self._labels), id=id, compact=True, markup=False)
        self.highlighted = list(self._labels).index(value)

    def _prompt(self, key: str) -> str:
        return f"{'●' if key == self.value else '○'} {self._labels[key]}"

    def action_select(self) -> None:
        """Choose the highlighted line (its glyph fills at once), then tell the screen."""
        if self.highlighted is not None:
            self.value = self.get_option_at_index(self.highlighted).id or self.value
            for index, key in enumerate(self._labels):
                self.replace_option_prompt_at_index(index, self._prompt(key))
        super().action_select()


def _glyph(widget: Checkbox, inner: str) -> Content:
    button_style = widget.get_visual_style("toggle--button")
    side_style = Style(foreground=button_style.background, background=widget.background_colors[1])
    return Content.assemble(
        (widget.BUTTON_LEFT, side_style), (inner, button_style), (widget.BUTTON_RIGHT, side_style)
    )


class Tick(Checkbox):
    """A checkbox; with `wrap=True` its label wraps onto as many lines as it needs (mentor items)."""

    def __init__(self, *args, wrap: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.wrap = wrap

    @property
    def _button(self) -> Content:
        return _glyph(self, "✓" if self.value else " ")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.wrap:
            return 1
        return max(1, len(self.render().wrap(max(1, width))))
