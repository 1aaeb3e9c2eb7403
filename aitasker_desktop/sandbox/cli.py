"""`aitasker-desktop sandbox`: run the sandbox as a standalone server until Ctrl-C."""

import argparse
import gc
import os
import sys
import threading
from pathlib import Path

import uvicorn

from .actions import FaultHook
from .app import create_app
from .conventions import SANDBOX_DEFAULT_KEY, STARTING_CREDIT_USD, Surface
from .runtime import SandboxRuntime
from .server import bind, make_server, url_host


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aitasker-desktop sandbox",
        description="Run a local stand-in for the AITasker API (simulated agents and time).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port (0: any free port)")
    parser.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help=(
            "run the platform's time windows X times faster on a real-time clock (10: "
            "prototyping takes 42 s instead of 420 s); 0 freezes the clock, so only "
            "POST /sandbox/clock/advance moves time"
        ),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path("sandbox-data"),
        help="where the sandbox keeps its SQLite file and files",
    )
    parser.add_argument("--api-key", default=SANDBOX_DEFAULT_KEY, help="the key it accepts")
    parser.add_argument(
        "--surface",
        choices=[s.value for s in Surface],
        default=Surface.FULL.value,
        help=(
            "full: the documented API plus this project's decided paths and /sandbox/ "
            "controls; documented: only what AITasker documents (decided paths answer 404)"
        ),
    )
    parser.add_argument(
        "--starting-credit",
        type=float,
        default=STARTING_CREDIT_USD,
        help="pretend USD a new account starts with",
    )
    # The app runs its built-in sandbox as a child process with this: the child stops when
    # its standard input closes, which happens however the app ends (even killed).
    parser.add_argument("--exit-with-stdin", action="store_true", help=argparse.SUPPRESS)
    return parser


def _exit_when_stdin_closes(server: uvicorn.Server) -> None:
    def watch() -> None:
        while sys.stdin.buffer.read(1024):
            pass
        server.should_exit = True

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


# Test-only: a point name from actions.FaultHook; the process exits there, as in a crash.
CRASH_ENV = "AITASKER_SANDBOX_CRASH_AT"


def _crash_hook() -> FaultHook | None:
    point = os.environ.get(CRASH_ENV, "")
    if not point:
        return None

    def crash(at: str) -> None:
        if at == point:
            os._exit(70)  # no cleanup, no flush: what a kill or a power cut leaves

    return crash


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if not args.speed >= 0:
        print("--speed must be 0 or more", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print("--port must be between 0 and 65535", file=sys.stderr)
        return 2
    if not args.starting_credit >= 0:
        print("--starting-credit must be 0 or more", file=sys.stderr)
        return 2
    timing = {"speed": 0.0} if args.speed == 0 else {"compress": args.speed}
    runtime = SandboxRuntime(
        args.data_dir,
        api_key=args.api_key,
        starting_credit_usd=args.starting_credit,
        fault=_crash_hook(),
        **timing,
    )
    try:
        try:
            sock = bind(args.host, args.port)
        except OSError as exc:
            print(f"Cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
            return 1
        port = sock.getsockname()[1]
        print(f"AITasker sandbox listening on http://{url_host(args.host)}:{port}", flush=True)
        print(f"API key: {args.api_key}", flush=True)
        print(
            f"Data dir: {args.data_dir}  speed: {args.speed:g}x  surface: {args.surface}"
            "  (Ctrl-C to stop)",
            flush=True,
        )
        server = make_server(create_app(runtime, args.surface))
        if args.exit_with_stdin:
            _exit_when_stdin_closes(server)
        # What was made to get here lives as long as the server: out of the collector's
        # sight, and the collector on (the app's cli.py turns it off while importing).
        gc.freeze()
        gc.enable()
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:
            pass
        finally:
            sock.close()
        return 0
    finally:
        runtime.close()


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
