"""Radio buttons and checkboxes whose states differ by glyph, not only by colour.

Textual draws the same "●"/"X" for on and off and tells them apart by colour alone, which a
16-colour or monochrome terminal (or a colour-blind user) cannot see: here off is an empty
circle or box, on is filled.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widgets import Checkbox, RadioButton


def _glyph(widget: RadioButton | Checkbox, inner: str) -> Content:
    button_style = widget.get_visual_style("toggle--button")
    side_style = Style(foreground=button_style.background, background=widget.background_colors[1])
    return Content.assemble(
        (widget.BUTTON_LEFT, side_style), (inner, button_style), (widget.BUTTON_RIGHT, side_style)
    )


class Radio(RadioButton):
    @property
    def _button(self) -> Content:
        return _glyph(self, "●" if self.value else "○")


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
