"""Speed benchmark: score 50/100/200/400-turn transcripts in-process.

Transcripts are built by cycling the labelled evaluation transcripts' turns, so
the text is realistic prose. Reports, after one warm-up (the rubric is compiled
once per process, as in the app), the median and the best of several runs in
wall-clock time, and the median CPU time of the process (less sensitive to a
busy neighbour on a shared VM), plus the cost per turn, which should stay flat
(linear growth). Run: python bench/speed.py
"""

from __future__ import annotations

import statistics
import time

from common import load_labelled

from trainer.content.library import load_library
from trainer.engine.scorer import score_transcript
from trainer.transcripts import Transcript, Turn

SIZES = (50, 100, 200, 400)
RUNS = 9


def build(turns: list[Turn], size: int) -> Transcript:
    chosen = [turns[i % len(turns)] for i in range(size)]
    return Transcript(turns=[Turn(index=i, speaker=t.speaker, text=t.text) for i, t in enumerate(chosen)])


def main() -> None:
    labelled = [lab for lab in load_labelled(("dev",)) if lab.scenario == "ecommerce_search"] or load_labelled(("dev",))
    pool = [t for lab in labelled for t in lab.turns]
    resolved = load_library(include_user=False).resolve("ecommerce_search")
    t0 = time.perf_counter()
    score_transcript(resolved, build(pool, 10))
    print(f"first call (compiles the rubric): {1000 * (time.perf_counter() - t0):.1f} ms")
    print(f"{'turns':>6} {'words':>7} {'median ms':>10} {'best ms':>8} {'cpu ms':>7} {'ms/turn':>8}")
    for size in SIZES:
        transcript = build(pool, size)
        words = sum(len(t.text.split()) for t in transcript.turns)
        wall, cpu = [], []
        for _ in range(RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            score_transcript(resolved, transcript)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        median = statistics.median(wall) * 1000
        print(
            f"{size:>6} {words:>7} {median:>10.1f} {min(wall) * 1000:>8.1f} "
            f"{statistics.median(cpu) * 1000:>7.1f} {median / size:>8.3f}"
        )


def interviewer_latency() -> None:
    """The interviewer's reply to a ~300-word answer with 40 turns of history, p50/p95."""
    from trainer.interviewer.engine import Interviewer

    labelled = load_labelled(("dev",))
    lib = load_library(include_user=False)
    lab = next(x for x in labelled if x.scenario == "recommendations")
    answers = [t.text for t in lab.turns if t.speaker.value == "candidate"]
    long_answer = " ".join(answers)
    words = long_answer.split()
    long_answer = " ".join(words[:300])
    history = [t for x in labelled if x.scenario == lab.scenario for t in x.turns][:40]
    resolved = lib.resolve(lab.scenario)
    samples = []
    for run in range(60):
        interviewer = Interviewer(resolved, seed=run, turns=history)
        start = time.perf_counter()
        interviewer.reply(long_answer, at=600.0)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p50 = samples[len(samples) // 2]
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"\ninterviewer reply to a {len(long_answer.split())}-word answer after 40 turns: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
    interviewer_latency()
