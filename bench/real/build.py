"""Rebuild the real-text corpus from fetched copies of its public sources.

Third-party sentences never enter git: `manifest.yaml` records, for every
transcript, where its text lives (repository, commit, path, line ranges) and how
it was cut into turns; this script reads those lines out of the fetched git
copies (`fetch github:OWNER/NAME` puts them under /work/.mirror, or
$MLSD_REAL_MIRROR) and writes speaker-tagged transcripts into the git-ignored
`bench/real/text/`. Interviewer lines written by the team are stored in the
manifest itself.

Run: python bench/real/build.py [--check]   (--check: report what is missing, write nothing)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
MANIFEST = HERE / "manifest.yaml"
OUT = HERE / "text"
MIRROR = Path(os.environ.get("MLSD_REAL_MIRROR", "/work/.mirror"))


@dataclass
class Piece:
    speaker: str
    phase: str | None
    text: str


@dataclass
class Built:
    id: str
    scenario: str
    language: str
    form: str
    source: str
    split: str
    turns: list[Piece] = field(default_factory=list)

    def render(self) -> str:
        label = {"interviewer": "Interviewer", "candidate": "Candidate"}
        return "\n\n".join(f"{label[p.speaker]}: {p.text}" for p in self.turns) + "\n"

    def terse(self) -> Built:
        """The terse variant: every candidate turn cut to its first sentence (or list line)."""
        turns = [Piece(p.speaker, p.phase, first_sentence(p.text) if p.speaker == "candidate" else p.text) for p in self.turns]
        return Built(self.id + ".terse", self.scenario, self.language, "terse", self.source, self.split, turns)


def first_sentence(text: str) -> str:
    """The first unit of a turn that is not a heading, verbatim."""
    from trainer.engine.units import split_units

    for unit in split_units(text):
        if unit.kind != "heading":
            return text[unit.start : unit.end]
    return text.strip().splitlines()[0]


def git_dir(repo: str) -> Path | None:
    """The fetched git directory of `owner/name`, if it is on this machine."""
    base = MIRROR / repo.replace("/", "+")
    for candidate in (base / "repo" / ".git", base / "repo", base):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


_FILE_CACHE: dict[tuple[str, str, str], list[str]] = {}


def source_lines(repo: str, commit: str, path: str) -> list[str]:
    key = (repo, commit, path)
    if key not in _FILE_CACHE:
        gd = git_dir(repo)
        if gd is None:
            raise LookupError(f"{repo} is not fetched (fetch github:{repo})")
        proc = subprocess.run(
            ["git", f"--git-dir={gd}", "show", f"{commit}:{path}"], capture_output=True, check=False
        )
        if proc.returncode != 0:
            raise LookupError(f"{repo}@{commit[:10]}:{path}: {proc.stderr.decode(errors='replace').strip()}")
        _FILE_CACHE[key] = proc.stdout.decode("utf-8", errors="replace").splitlines()
    return _FILE_CACHE[key]


def parse_ranges(spec: str | int) -> list[tuple[int, int]]:
    """'12-40, 45, 50-52' -> [(12, 40), (45, 45), (50, 52)] (1-based, inclusive)."""
    out = []
    for part in str(spec).split(","):
        part = part.strip()
        if not part:
            continue
        a, _, b = part.partition("-")
        out.append((int(a), int(b or a)))
    return out


def cut(lines: list[str], spec: str | int, where: str) -> str:
    chosen: list[str] = []
    for a, b in parse_ranges(spec):
        if a < 1 or b > len(lines) or a > b:
            raise ValueError(f"{where}: lines {a}-{b} outside 1-{len(lines)}")
        chosen.extend(lines[a - 1 : b])
    text = "\n".join(chosen).strip("\n")
    # A source line that starts like a speaker tag would split the turn when parsed.
    return "\n".join(("  " + ln) if _looks_like_tag(ln) else ln for ln in text.splitlines())


def _looks_like_tag(line: str) -> bool:
    head = line.lstrip(" >#*_").lower()
    return head.startswith(("interviewer:", "candidate:", "интервьюер:", "кандидат:"))


def build_one(entry: dict) -> Built:
    built = Built(
        id=entry["id"],
        scenario=entry["scenario"],
        language=entry["language"],
        form=entry["form"],
        source=entry.get("source", entry["repo"]),
        split=entry.get("split", ""),
    )
    for i, turn in enumerate(entry["turns"]):
        speaker = turn["speaker"]
        if "text" in turn:
            text = str(turn["text"]).strip()
        else:
            repo = turn.get("repo", entry["repo"])
            commit = turn.get("commit", entry["commit"])
            path = turn.get("path", entry["path"])
            text = cut(source_lines(repo, commit, path), turn["lines"], f"{entry['id']} turn {i}")
        if not text.strip():
            raise ValueError(f"{entry['id']} turn {i}: empty text")
        built.turns.append(Piece(speaker, turn.get("phase"), text))
    return built


def load_manifest(path: Path = MANIFEST) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["transcripts"])


def build_all(write: bool = True, manifest: Path = MANIFEST, out: Path = OUT) -> tuple[list[Built], list[str]]:
    built, problems = [], []
    for entry in load_manifest(manifest):
        try:
            one = build_one(entry)
        except (LookupError, ValueError) as err:
            problems.append(f"{entry.get('id', '?')}: {err}")
            continue
        built.append(one)
        if write:
            out.mkdir(parents=True, exist_ok=True)
            for variant in (one, one.terse()):
                (out / f"{variant.id}.txt").write_text(variant.render(), encoding="utf-8")
    return built, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report what is missing; write nothing")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="another manifest (for drafting entries)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the transcripts")
    args = parser.parse_args()
    built, problems = build_all(write=not args.check, manifest=args.manifest, out=args.out)
    for p in problems:
        print("missing:", p, file=sys.stderr)
    print(f"{len(built)} transcripts {'checked' if args.check else 'written to ' + str(args.out)}; {len(problems)} unavailable")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
