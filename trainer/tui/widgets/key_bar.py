"""The screen's keys on the bottom line: what Textual's Footer shows, drawn by one widget.

The Footer mounts a widget per key, and only after the screen's first paint (again after every
focus change that alters the bindings): the keys arrived a frame late and their styling was a
fifth of the start screen's first paint (bench/startup.py). One line of text is on screen in
the first paint; a click on a key presses it, as in the Footer.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    """`compact`: keys without padding (every interview key fits 80 columns); `palette`: the
    command palette's key at the right end."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--palette"}

    def __init__(self, *, compact: bool = False, palette: bool = True, id: str | None = None):
        super().__init__(id=id)
        self.compact = compact
        self.palette = palette
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each key drawn, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    def render(self) -> Content:
        key_style = self.get_visual_style("key-bar--key")
        description_style = self.get_visual_style("key-bar--description")
        pad = "" if self.compact else " "
        parts: list[tuple[str, object]] = []
        spans: list[tuple[int, int, str]] = []
        at = 0
        seen: set[str] = set()
        palette = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING:
                palette = binding if enabled else None
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = f"{pad}{self.app.get_key_display(binding)}{pad}"
            described = f"{' ' if self.compact else ''}{binding.description} "
            parts += [(shown, key_style), (described, description_style)]
            spans.append((at, at + len(shown) + len(described), binding.key))
            at += len(shown) + len(described)
        shown = f"▏{self.app.get_key_display(palette)} " if palette is not None else ""
        described = f"{palette.description} " if palette is not None else ""
        start = self.size.width - len(shown) - len(described)
        if self.palette and palette is not None and self.app.ENABLE_COMMAND_PALETTE and start >= at:
            parts += [(" " * (start - at), ""), (shown[0], self.get_visual_style("key-bar--palette"))]
            parts += [(shown[1:], key_style), (described, description_style)]
            spans.append((start, start + len(shown) + len(described), palette.key))
        self._spans = spans
        return Content.assemble(*parts)  # type: ignore[arg-type]

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
