"""Spell checking while typing in a 5,000-word brief: what one keystroke costs the GUI thread.

    python bench/spelling.py [--words 5000] [--keys 300] [--language en_GB]

The brief box is the editor's own (BriefTextEdit with its highlighter) on the app's
spelling service, whose checker runs on a thread of its own. Figures are printed last, one
per line, as `name: value unit`:
- load_s: from creating the service to `ready` (the Hunspell dictionary and the suggestion
  list read on the checker's thread; the GUI thread is free meanwhile).
- first_check_s: from putting the 5,000-word brief in the box to every word judged and
  every squiggle painted; first_check_gui_ms: the GUI thread's CPU time in it.
- key_ms: median wall time of one typed character at the end of the brief (its paragraph
  re-highlighted, the box repainted), with the words typed judged meanwhile on the
  checker's thread; key_p99_ms and key_max_ms; key_cpu_ms: the GUI thread's CPU time for
  one, median (robust to other load on the machine).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.spelling import SpellingService
from aitasker_desktop.storage.editor_files import UserDictionary
from aitasker_desktop.ui.editor.fields import BriefTextEdit

VOCABULARY = " ".join(
    [
        "the bakery wants a warm friendly logo for its shop front and its website with",
        "colours that suit bread cakes and coffee please keep it simple readable at small",
        "sizes on paper bags and signs recieve deliver organise centre favourite grey",
    ]
).split(" ")


def wait_until(app: QApplication, condition: object, limit_s: float = 300.0) -> None:
    end = time.monotonic() + limit_s
    while not condition():  # type: ignore[operator]
        if time.monotonic() > end:
            raise SystemExit("gave up waiting")
        app.processEvents()
        time.sleep(0.001)


def brief(words: int, rng: random.Random) -> str:
    paragraphs = []
    left = words
    while left > 0:
        n = min(left, rng.randint(60, 140))
        paragraphs.append(" ".join(rng.choice(VOCABULARY) for _ in range(n)) + ".")
        left -= n
    return "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--language", default="en_US")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    rng = random.Random(12)
    runner = Runner(max_threads=1)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        spelling = SpellingService(
            runner, UserDictionary(Path(tmp) / "words.json"), language=args.language
        )
        spelling.load()  # the app reads it when a brief first has text
        wait_until(app, lambda: spelling.is_ready)
        load_s = time.monotonic() - started

        box = BriefTextEdit(lambda: None, lambda: None, spelling)
        box.resize(900, 700)
        box.show()
        text = brief(args.words, rng)
        started, cpu = time.monotonic(), time.thread_time()
        box.setPlainText(text)
        wait_until(app, lambda: spelling.is_settled)
        app.processEvents()
        first_check_s = time.monotonic() - started
        first_check_gui_ms = (time.thread_time() - cpu) * 1000

        box.setFocus()
        box.moveCursor(box.textCursor().MoveOperation.End)
        typed = " ".join(rng.choice(VOCABULARY) for _ in range(args.keys))[: args.keys]
        walls, cpus = [], []
        for ch in typed:
            wall, cpu = time.perf_counter(), time.thread_time()
            if ch == " ":
                QTest.keyClick(box, Qt.Key.Key_Space)
            else:
                QTest.keyClicks(box, ch)
            app.processEvents()  # the repaint, and any verdicts that came back
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.thread_time() - cpu) * 1000)
        wait_until(app, lambda: spelling.is_settled)
        box.close()
        runner.shutdown(30_000)

    walls.sort()
    print(f"words: {args.words} ({args.language}), keys typed: {len(walls)}")
    print(f"load_s: {load_s:.2f} s")
    print(f"first_check_s: {first_check_s:.2f} s")
    print(f"first_check_gui_ms: {first_check_gui_ms:.1f} ms")
    print(f"key_ms: {statistics.median(walls):.2f} ms")
    print(f"key_p99_ms: {walls[int(len(walls) * 0.99) - 1]:.2f} ms")
    print(f"key_max_ms: {walls[-1]:.2f} ms")
    print(f"key_cpu_ms: {statistics.median(cpus):.2f} ms")


if __name__ == "__main__":
    main()
