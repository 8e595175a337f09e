"""Start-up benchmark: the start screen and the interview screen vs a bare Textual app painting a label.

Both run as real processes on a pseudo-terminal (80x24), side by side, several
times each. The trainer writes a timestamp when a screen is first painted and when it is
usable — the start screen with its scenarios listed, the interview screen with the
scenario's opening on screen (MLSD_TRAINER_PAINT_LOG);
the bare app writes one when its label is painted. Run: python bench/startup.py
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

RUNS = 11  # rounds; `--runs N` for more

BARE_APP = textwrap.dedent(
    """
    import os, time
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("hello")

        def on_mount(self):
            self.call_after_refresh(self.painted)

        def painted(self):
            with open(os.environ["MLSD_TRAINER_PAINT_LOG"], "a") as f:
                f.write(f"painted {time.time():.6f}\\nready {time.time():.6f}\\n")
            self.exit()

    Bare().run()
    """
)


def run(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Timestamps of one run; a run that never painted (a hiccup of the pseudo-terminal) is retried once."""
    marks = _run_once(cmd, env)
    return marks if "ready" in marks else _run_once(cmd, env)


def _run_once(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    log = Path(tempfile.mkstemp(suffix=".log")[1])
    env = {**env, "MLSD_TRAINER_PAINT_LOG": str(log), "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    start = time.time()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    deadline = start + 30
    while proc.poll() is None and time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break
    if proc.poll() is None:
        proc.kill()
    os.close(master)
    marks = {}
    for line in log.read_text().splitlines():
        stage, stamp = line.split()
        marks.setdefault(stage, float(stamp) - start)
    log.unlink()
    return marks


def main() -> None:
    exe = shutil.which("mlsd-trainer") or str(Path(sys.executable).parent / "mlsd-trainer")
    home = tempfile.mkdtemp()
    env = {**os.environ, "MLSD_TRAINER_HOME": home}
    bare_file = Path(tempfile.mkstemp(suffix=".py")[1])
    bare_file.write_text(BARE_APP)
    series: dict[str, list[float]] = {k: [] for k in ("bare", "start_painted", "start_ready", "practice_painted", "practice_ready")}
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else RUNS
    for _ in range(runs):  # interleaved, so a noisy machine slows every series alike
        series["bare"].append(run([sys.executable, str(bare_file)], env)["painted"])
        start = run([exe], env)
        series["start_painted"].append(start["painted"])
        series["start_ready"].append(start["ready"])
        practice = run([exe, "practice", "--scenario", "ecommerce_search"], env)
        series["practice_painted"].append(practice["painted"])
        series["practice_ready"].append(practice["ready"])
    ms = {k: statistics.median(v) * 1000 for k, v in series.items()}
    # The ratio is taken per round (each against the bare run next to it), then the median: a
    # slow moment of the VM slows both runs of a round, so it cancels out of the ratio.
    ratio = {k: statistics.median(t / bare for t, bare in zip(v, series["bare"], strict=True)) for k, v in series.items()}
    b = ms["bare"]
    print(f"bare Textual app, label painted:          {b:6.0f} ms (median of {runs})")
    for key, label in (
        ("start_painted", "start screen painted:                    "),
        ("start_ready", "start screen usable (scenarios listed): "),
        ("practice_painted", "practice: interview screen painted:      "),
        ("practice_ready", "practice: scenario opening on screen:    "),
    ):
        print(f"{label} {ms[key]:6.0f} ms  ({ratio[key]:.2f}x the bare app, median per-round ratio)")


if __name__ == "__main__":
    main()
