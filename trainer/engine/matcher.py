"""Phrase matching over stemmed tokens: whole words, in order, typo-tolerant.

Keywords are matched as whole tokens, never substrings ("auc" does not match
"because", "sla" does not match "translate"). A phrase may have up to two filler
words between its tokens ("split the data by time" matches "split by time").
A long unknown word within one edit of a keyword word counts as that word, so
"seasonalty" still matches "seasonality".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, NamedTuple, TypeVar

from rapidfuzz.distance import Levenshtein

from trainer.engine.text import Token, tokenize

P = TypeVar("P")

MAX_GAP = 2
FUZZY_MIN_LEN = 7


class Match(NamedTuple, Generic[P]):
    start: int  # index of the first token in the sentence's token list
    end: int  # index one past the last token
    payload: P


class PhraseIndex(Generic[P]):
    """All phrases of a rubric, indexed by their first stem for a single pass per sentence."""

    def __init__(self) -> None:
        self._single: dict[str, list[P]] = defaultdict(list)
        # Multi-word phrases keyed by their first two stems: one dict probe per
        # (word, following word) pair instead of scanning every phrase that starts alike.
        self._by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], P]]] = defaultdict(list)
        self._vocab: set[str] = set()
        self._firsts: set[str] = set()
        self._fuzzy_cache: dict[str, str] = {}
        # Surface forms of long keyword words, by first two letters: typos are judged
        # on the words as written, since a stemmer treats a misspelt word unpredictably.
        self._by_prefix: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def add(self, phrase: str, payload: P) -> None:
        tokens = tokenize(phrase)
        if not tokens:
            return
        stems = tuple(t.stem for t in tokens)
        if len(stems) == 1:
            self._single[stems[0]].append(payload)
        else:
            self._by_pair[(stems[0], stems[1])].append((stems, payload))
        self._firsts.add(stems[0])
        for tok in tokens:
            self._vocab.add(tok.stem)
            if len(tok.text) >= FUZZY_MIN_LEN and tok.text.isalpha():
                forms = self._by_prefix[tok.text[:2]]
                if (tok.text, tok.stem) not in forms:
                    forms.append((tok.text, tok.stem))

    def add_all(self, phrases: Iterable[str], payload: P) -> None:
        for phrase in phrases:
            self.add(phrase, payload)

    def canonical(self, token: Token) -> str:
        """The known stem this token stands for: its own, a Russian verb form's, or a one-typo keyword word's."""
        stem = token.stem
        if stem in self._vocab or not token.text.isalpha():
            return stem
        cached = self._fuzzy_cache.get(token.text)
        if cached is not None:
            return cached
        best = _russian_prefix(stem, self._vocab) if "а" <= stem[:1] <= "я" else None
        if best is not None or len(token.text) < FUZZY_MIN_LEN:
            best = best or stem
            self._fuzzy_cache[token.text] = best
            return best
        best = stem
        word = token.text
        for known, known_stem in self._by_prefix.get(word[:2], ()):
            if abs(len(known) - len(word)) <= 1 and Levenshtein.distance(known, word, score_cutoff=1) <= 1:
                best = known_stem
                break
        self._fuzzy_cache[word] = best
        return best

    def find(self, tokens: list[Token]) -> list[Match[P]]:
        """Every phrase occurrence in one sentence's tokens."""
        vocab, canonical = self._vocab, self.canonical
        stems = [t.stem if t.stem in vocab else canonical(t) for t in tokens]
        found: list[Match[P]] = []
        n = len(stems)
        single, by_pair, firsts = self._single, self._by_pair, self._firsts
        make = tuple.__new__
        for i, first in enumerate(stems):
            if first not in firsts:
                continue
            for payload in single.get(first, ()):
                found.append(make(Match, (i, i + 1, payload)))
            stop = i + 2 + MAX_GAP
            for j in range(i + 1, stop if stop < n else n):
                candidates = by_pair.get((first, stems[j]))
                if not candidates:
                    continue
                for phrase, payload in candidates:
                    end = _match_rest(stems, j, phrase[1:], n)
                    if end is not None:
                        found.append(make(Match, (i, end, payload)))
        return _tightest(found) if len(found) > 1 else found


RU_PREFIX_MIN = 4
RU_PREFIX_SHARE = 0.6


def _russian_prefix(stem: str, vocab: set[str]) -> str | None:
    """A keyword stem that this Russian stem extends ("депло" of "деплоить" -> "депл" of "деплой").

    Snowball leaves Russian verb forms longer than the noun a keyword was written as;
    the longest known stem that is a prefix of at least 60% of the word stands for it.
    """
    for length in range(len(stem) - 1, RU_PREFIX_MIN - 1, -1):
        if length < RU_PREFIX_SHARE * len(stem):
            break
        if stem[:length] in vocab:
            return stem[:length]
    return None


def _match_rest(stems: list[str], j: int, rest: tuple[str, ...], n: int) -> int | None:
    """End of the match whose second word sits at `j`, or None; later words may have gaps."""
    pos = j + 1
    for part in rest[1:]:
        for gap in range(MAX_GAP + 1):
            k = pos + gap
            if k < n and stems[k] == part:
                pos = k + 1
                break
        else:
            return None
    return pos


def _tightest(found: list[Match[P]]) -> list[Match[P]]:
    """Of matches of one phrase ending at the same token, keep the one that starts latest.

    With filler words allowed, "split we split by time" would otherwise match
    "split by time" twice; the tight span is the real mention.
    """
    best: dict[tuple[int, object], Match[P]] = {}
    for match in found:
        key = (match.end, id(match.payload) if not isinstance(match.payload, (str, int)) else match.payload)
        current = best.get(key)
        if current is None or match.start > current.start:
            best[key] = match
    return sorted(best.values(), key=lambda m: (m.start, m.end))
