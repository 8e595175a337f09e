"""Text the candidate did not write: the interviewer's words read back, rubric titles pasted.

Reading the facts sheet back to the interviewer is not design work, and pasting
the rubric's item titles ("Splits data by time when it depends on time") is not
an answer. A unit of the candidate's text echoes a source when most of its word
pairs come from one sentence of that source: the interviewer's turns so far, the
scenario's opening, facts and follow-ups, the rubric's titles and probes. An echo
of the interviewer or the facts keeps at most the little credit a human gives for
restating requirements; an echo of the rubric earns nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Literal

from trainer.engine.text import tokenize
from trainer.engine.units import sentence_spans

EchoKind = Literal["interviewer", "fact", "rubric"]

MIN_TOKENS = 4
COMMON_PAIR = 32
ECHO_SHARE = 0.6


class EchoIndex:
    """Word pairs of every source sentence, so a unit is checked with one pass over its pairs."""

    def __init__(self) -> None:
        self._by_pair: dict[tuple[str, str], set[int]] = defaultdict(set)
        self._kind: list[EchoKind] = []
        self._size: list[int] = []
        self._kinds_of_pair: dict[tuple[str, str], frozenset[EchoKind]] = {}

    def add(self, text: str, kind: EchoKind) -> None:
        for start, end in sentence_spans(text):
            self.add_stems([t.stem for t in tokenize(text[start:end])], kind)

    def add_stems(self, stems: list[str], kind: EchoKind) -> None:
        """One source sentence, already tokenised."""
        pairs = set(zip(stems, stems[1:], strict=False))
        if len(pairs) >= 2:
            source = len(self._kind)
            self._kind.append(kind)
            self._size.append(len(pairs))
            for pair in pairs:
                self._by_pair[pair].add(source)
                self._kinds_of_pair.pop(pair, None)

    def shared(self, pairs: set[tuple[str, str]]) -> tuple[Counter[int], dict[EchoKind, int]]:
        """Pairs shared with each source sentence, and pairs found anywhere per kind of source."""
        per_source: Counter[int] = Counter()
        per_kind: Counter[EchoKind] = Counter()
        by_pair, kinds = self._by_pair, self._kind
        for pair in pairs:
            sources = by_pair.get(pair)
            if not sources:
                continue
            if len(sources) > COMMON_PAIR:
                # A pair said everywhere ("we will") tells no source apart; counting it per
                # source would make a long session quadratic.
                kinds_of = self._kinds_of_pair.get(pair)
                if kinds_of is None:
                    kinds_of = self._kinds_of_pair[pair] = frozenset(kinds[s] for s in sources)
                for kind in kinds_of:
                    per_kind[kind] += 1
                continue
            per_source.update(sources)
            for kind in {kinds[s] for s in sources}:
                per_kind[kind] += 1
        return per_source, dict(per_kind)

    def kind(self, source: int) -> EchoKind:
        return self._kind[source]


UNION_SHARE = 0.85


def echo_of(stems: list[str], *indices: EchoIndex) -> EchoKind | None:
    """The kind of source this unit's word pairs come from, or None when it is the candidate's own.

    Most pairs from one source sentence, or nearly all from sources of one kind
    (two titles pasted into one sentence), make an echo.
    """
    if len(stems) < MIN_TOKENS:
        return None
    pairs = set(zip(stems, stems[1:], strict=False))
    need = ECHO_SHARE * len(pairs)
    kinds: Counter[EchoKind] = Counter()
    for index in indices:
        per_source, per_kind = index.shared(pairs)
        if per_source:
            source, count = per_source.most_common(1)[0]
            if count >= need:
                return index.kind(source)
        kinds.update(per_kind)
    for kind, count in kinds.most_common(1):
        if count >= UNION_SHARE * len(pairs):
            return kind
    return None
