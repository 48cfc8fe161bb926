#!/usr/bin/env bash
# Remakes the PNGs in screenshots/ from real runs of crumbtui in tmux: each scene starts the
# viewer at a fixed size, sends keys, waits until the expected text is on screen, captures the
# pane with its colours (capture-pane -e), places every cell on an exact grid (ansi_to_html.py)
# and has headless Chromium render the page to PNG. Nobody edits the PNGs by hand.
#
# Needs: tmux, chromium, fonts-noto-cjk, fonts-noto-color-emoji (apt), python3.
#     screenshots/make.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cols=120
rows=34
work=$(mktemp -d)
scene=0
trap 't kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

swift build --product crumbtui >/dev/null
swift build --product CrashFixture >/dev/null
bin=$(swift build --show-bin-path)

# The dump: a small service whose payment worker crashes (the log holds the crash output,
# the dump and Swift's backtrace, as a captured stderr would).
(cd "$work" && "$bin/CrashFixture" checkout-service 2>"$work/crash.log") 2>/dev/null || true

printf 'set -g status off\nset -g default-terminal tmux-256color\nset -g escape-time 0\nset -g remain-on-exit on\n' >"$work/tmux.conf"
t() { tmux -L "shots-$$-$scene" -f "$work/tmux.conf" "$@"; }

start() {  # start COMMAND: a fresh session, on a server of its own, running COMMAND
    t kill-server 2>/dev/null || true
    scene=$((scene + 1))  # a socket is not used again after kill-server
    t new-session -d -x "$cols" -y "$rows" -e LANG=C.UTF-8 -e TERM=tmux-256color "$1"
}

wait_for() {  # wait_for TEXT: poll the screen until TEXT shows (10 s at most)
    for _ in $(seq 500); do
        if t capture-pane -p | grep -qF -- "$1"; then return 0; fi
        sleep 0.02
    done
    echo "screenshot: '$1' never appeared; the screen was:" >&2
    t capture-pane -p >&2
    exit 1
}

shoot() {  # shoot NAME: the screen as it is now, to screenshots/NAME.png
    t capture-pane -e -N -p >"$work/$1.ansi"
    python3 screenshots/ansi_to_html.py "$work/$1.ansi" "$cols" "$rows" >"$work/$1.html"
    chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
        --window-size=$((cols * 9)),$((rows * 19)) --screenshot="$root/screenshots/$1.png" \
        "file://$work/$1.html" >/dev/null 2>&1
    echo "screenshots/$1.png"
}

# 1. The crash itself: the stderr log opens on the crash (the top bar names it, the crashed
#    thread's rows are marked); x shows the crash pane: reason, signal, frames, source lines.
start "cd $work && $bin/crumbtui crash.log"
wait_for "payments · main.swift"
t send-keys x
wait_for 'crashed:'
shoot crash-pane

# 2. The crumb before the crash in the detail pane (two rows up from the crash crumb).
t send-keys Escape Up Up Enter
wait_for "declined"
shoot crash-dump-detail

# 3. The filter prompt with a malformed expression: the error points at the column.
t send-keys Enter f
t send-keys -l 'thread:http-1 user:"Zo'
wait_for 'quote'
shoot filter-error

# 4. Facets: the context keys and values with their counts.
t send-keys Escape c
wait_for "request_id"
shoot facets

# 5. The timeline: a lane per thread.
t send-keys Escape l
wait_for "payments"
shoot timeline

# 6. Follow mode on the demo: a live file written by worker threads as it grows.
start "$bin/crumbtui --demo"
wait_for "FOLLOW"
sleep 3
shoot follow-demo
