"""Output made inert: text from a transcript, a session file, a note or an LLM is shown, never run.

Candidate text is data. Shown in a terminal, an escape sequence in it would
retitle the window or rewrite the screen; rendered as Markdown, `<img onerror=…>`
would be live HTML and `![](https://…)` a tracking pixel; a right-to-left
override would make a quote read differently from what it says. Every shell
passes such text through one of these functions before it leaves the process.
"""

from __future__ import annotations

import re

# ESC sequences first (CSI "ESC [ … final", OSC "ESC ] … BEL|ST", two-byte ESC x), then any
# remaining C0/C1 control except tab and newline.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates, and invisible characters that hide or reorder text.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Text without terminal escapes, control characters, direction overrides, invisible characters
    or lone surrogates."""
    if text.isascii() and text.isprintable():
        return text
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)  # not valid UTF-8: it could not even be written
    return _INVISIBLE.sub("", text)


def terminal(text: str) -> str:
    """For the terminal: `clean`, keeping line breaks and tabs."""
    return clean(text)


# Characters that start Markdown or HTML constructs; each is shown literally when backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!|&~#])")
# Bare URLs and e-mail addresses become links in GitHub-flavoured Markdown: break the pattern.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|file|mailto|data|javascript)(:)|\b(www)(\.)|(@)(?=[\w-]+\.)")


def md_inline(text: str) -> str:
    """One line of Markdown that renders as exactly this text: no HTML, link, image or emphasis."""
    text = " ".join(clean(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _AUTOLINK.sub(lambda m: "".join(f"\\{g}" if g in (":", ".", "@") else g for g in m.groups() if g), text)
