#!/usr/bin/env bash
# Drive the trainer end to end in tmux, as a person would, and show each screen.
#   scripts/tmux_smoke.sh            # 80x24
#   COLS=120 ROWS=40 scripts/tmux_smoke.sh
# Uses a throwaway MLSD_TRAINER_HOME; needs tmux and an installed `mlsd-trainer`.
set -euo pipefail
COLS=${COLS:-80}
ROWS=${ROWS:-24}
HOME_DIR=$(mktemp -d)
SESSION=mlsd-smoke-$$
BIN=${MLSD_TRAINER_BIN:-$(command -v mlsd-trainer)}
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT

show() { sleep "${2:-1.5}"; echo "=== $1"; tmux capture-pane -p -t "$SESSION"; }
keys() { tmux send-keys -t "$SESSION" "$@"; }

tmux new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" "MLSD_TRAINER_HOME=$HOME_DIR $BIN"
show "start screen" 3
keys End                                              # spam_filtering, the last of the list
keys Enter                                            # to the options
keys C-s                                              # start
show "interview screen" 3
keys "What latency budget do we have per email?" Enter
show "fact answered"
keys "It is binary classification of every email with complaints as labels," C-j "plus sender features." Enter
show "follow-up"
keys F2
show "hint"
keys F3
show "next phase"
keys "I'd deploy it on Kubernetes with a canary rollout." Enter
show "order kept"
keys F9
show "end confirmation"
keys y
show "score screen" 3
keys m
show "exported markdown"
keys q
sleep 1
echo "=== history"
MLSD_TRAINER_HOME=$HOME_DIR "$BIN" history
