"""A child process for test_crash.py: types into one draft, autosaving as it goes.

Usage: python crash_typist.py DB_PATH DRAFT_ID
Continues from whatever the draft holds, appends a few characters, saves, and after every
commit prints the saved length (the acknowledged state) on stdout, until it is killed.
"""

import sys
import time
from pathlib import Path

from aitasker_desktop.domain.brief import Brief, Draft, utcnow
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts

ALPHABET = "The quick brown fox jumps over the lazy dog; café, naïve, 😀 ✓ "


def expected_text(length: int) -> str:
    """The brief after `length` characters were typed (deterministic, so the test can check)."""
    reps = length // len(ALPHABET) + 1
    return (ALPHABET * reps)[:length]


def main(db_path: Path, draft_id: str) -> None:
    store = Store(db_path)
    drafts = Drafts(store)
    draft = drafts.get(draft_id) or Draft(id=draft_id, brief=Brief(title="Crash test"))
    length = len(draft.brief.description)
    while True:
        length += 3
        brief = draft.brief.model_copy(update={"description": expected_text(length)})
        draft = draft.model_copy(update={"brief": brief, "updated_at": utcnow()})
        drafts.save(draft)
        sys.stdout.write(f"{length}\n")
        sys.stdout.flush()
        time.sleep(0.002)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
