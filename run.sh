#!/usr/bin/env bash
# One entry point for people and CI:
#   ./run.sh app [ARGS...]   set up (first time) and launch AITasker Desktop
#   ./run.sh test [ARGS...]  set up (first time) and run the whole test suite
# It needs Python 3.12 or newer somewhere on the machine (PATH or pyenv); it
# never downloads an interpreter.
set -euo pipefail
cd "$(dirname "$0")"

find_python() {
    local candidates=()
    for name in python3.13 python3.12 python3; do
        command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
    done
    local root="${PYENV_ROOT:-$HOME/.pyenv}"
    if command -v pyenv >/dev/null 2>&1; then root="$(pyenv root)"; fi
    # Newest first: each Python release starts the app faster (3.13 reaches ready ~7% sooner
    # than 3.12 here, bench/startup.py).
    local dir
    while IFS= read -r dir; do
        [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
    done < <(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -r -V)
    for py in "${candidates[@]}"; do
        # pyenv shims exit non-zero when the selected version is not the one asked for.
        if "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
            echo "$py"; return 0
        fi
    done
    echo "AITasker Desktop needs Python 3.12 or newer; none was found on PATH or in pyenv." >&2
    return 1
}

ensure_venv() {
    local stamp=.venv/.installed
    if [ ! -x .venv/bin/python ]; then
        "$(find_python)" -m venv .venv
    fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "Installing AITasker Desktop and what it needs into .venv (first run only)..." >&2
        # pip's chatter goes to a log; it is shown only if the install fails.
        if ! { .venv/bin/python -m pip install --upgrade pip \
               && .venv/bin/python -m pip install -e ".[test,packaging]" \
               && .venv/bin/python -m compileall -q aitasker_desktop; } \
               >.venv/install.log 2>&1; then
            tail -n 40 .venv/install.log >&2
            echo "The install failed; the whole log is in .venv/install.log" >&2
            exit 1
        fi
        touch "$stamp"
    fi
}

cmd="${1:-app}"; shift || true
case "$cmd" in
    app)
        ensure_venv
        exec .venv/bin/aitasker-desktop "$@" ;;
    test)
        ensure_venv
        exec .venv/bin/python -m pytest "$@" ;;
    *)
        echo "usage: ./run.sh app|test [ARGS...]" >&2; exit 2 ;;
esac
