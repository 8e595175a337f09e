"""Tokens and sentences with their offsets in the original text.

Evidence must be a verbatim quote, so every token and sentence keeps the
character span it came from. Matching works on light stems (Snowball, English
and Russian) so one keyword form matches its inflections: candidates answer in
both languages and Russian inflects heavily.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import snowballstemmer

_TOKEN_RE = re.compile(r"[a-zа-я0-9]+(?:'[a-z]+)?")
_CYRILLIC_RE = re.compile(r"[а-я]")

_EN = snowballstemmer.stemmer("english")
_RU = snowballstemmer.stemmer("russian")


def normalize(text: str) -> str:
    """Lower-case, fold `ё` and typographic apostrophes; keeps string length unchanged."""
    return text.lower().replace("ё", "е").replace("’", "'").replace("‘", "'")


_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000


def stem(word: str) -> str:
    """Language-aware light stem of one normalized token (memoised: vocabularies are small)."""
    cached = _STEM_CACHE.get(word)
    if cached is None:
        if len(_STEM_CACHE) > _STEM_CACHE_LIMIT:
            _STEM_CACHE.clear()
        cached = _STEM_CACHE[word] = _stem(word)
    return cached


# Words the stemmer folds into an unrelated one ("production" into "product").
_STEM_OVERRIDES = {"production": "production", "productions": "production"}


def _stem(word: str) -> str:
    if word.isdigit():
        return word
    if word in _STEM_OVERRIDES:
        return _STEM_OVERRIDES[word]
    if _CYRILLIC_RE.search(word):
        return _RU.stemWord(word)
    if "'" in word:
        return word
    return _EN.stemWord(word)


class Token(NamedTuple):
    text: str
    stem: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word tokens of `text` (letters and digits); punctuation, `/`, `-`, `@` separate."""
    norm = normalize(text)
    cache = _STEM_CACHE
    make = tuple.__new__  # the C constructor: tokens are made by the tens of thousands
    out = []
    for m in _TOKEN_RE.finditer(norm):
        word = m.group()
        start = m.start() + offset
        stemmed = cache.get(word)
        if stemmed is None:
            stemmed = stem(word)
        out.append(make(Token, (word, stemmed, start, start + len(word))))
    return out


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """The stem sequence a keyword phrase is matched as."""
    return tuple(tok.stem for tok in tokenize(phrase))
