"""Shared helpers for the bench scripts: load the labelled evaluation transcripts."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.transcripts import Speaker, Transcript, Turn  # noqa: E402

TRANSCRIPTS = Path(__file__).resolve().parent / "transcripts"


@dataclass
class Labelled:
    name: str
    split: str  # "dev" (tuned on) or "holdout" (never tuned on)
    scenario: str
    language: str
    turns: list[Turn]
    gold: dict[int, str]  # candidate turn index -> gold phase

    def transcript(self, turns: list[Turn] | None = None) -> Transcript:
        chosen = self.turns if turns is None else turns
        renumbered = [Turn(index=i, speaker=t.speaker, text=t.text) for i, t in enumerate(chosen)]
        return Transcript(turns=renumbered, source=self.name)


def load_labelled(splits: tuple[str, ...] = ("dev", "holdout")) -> list[Labelled]:
    out = []
    for split in splits:
        for path in sorted((TRANSCRIPTS / split).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            turns, gold = [], {}
            for i, raw in enumerate(data["turns"]):
                speaker = Speaker(raw["speaker"])
                turns.append(Turn(index=i, speaker=speaker, text=str(raw["text"]).strip()))
                if speaker is Speaker.CANDIDATE:
                    gold[i] = raw["phase"]
            out.append(Labelled(f"{split}/{path.stem}", split, data["scenario"], data.get("language", "en"), turns, gold))
    return out
