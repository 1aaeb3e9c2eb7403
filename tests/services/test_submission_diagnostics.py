"""What Help › Copy diagnostics tells support about posts: a refused post is among the recent
problems with AITasker's reason, and the posts still waiting are counted, against the real
sandbox. Being offline is said on screen and is not reported as a problem."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.services.diagnostics import Diagnostics
from tests.services.submission_rig import Rig
from tests.services.submission_rig import a_draft as _draft


@pytest.fixture
def diagnostics(tmp_path: Path) -> Iterator[Diagnostics]:
    diag = Diagnostics(tmp_path / "logs")
    yield diag
    diag.close()


def test_refused_and_waiting_posts_are_in_the_diagnostics(
    qtbot: QtBot, rig: Rig, diagnostics: Diagnostics
) -> None:
    refused = _draft(title="Menu for the autumn fair")
    refused.brief.category = "no-such-category"  # AITasker refuses it (422)
    with qtbot.waitSignal(rig.service.failed, timeout=10_000):
        rig.service.submit(refused)

    rig.wire.offline = True
    waiting = _draft(title="Leaflet for the open day")
    with qtbot.waitSignal(rig.service.queued, timeout=10_000):
        rig.service.submit(waiting)

    report = diagnostics.report(rig.service.support_facts())
    assert "Posts waiting to send: 1 (0 may have reached AITasker" in report
    assert "Posts refused: 1" in report
    refusal_line = next(line for line in report.splitlines() if refused.id[:8] in line)
    assert "failed_permanent" in refusal_line
    assert "could not accept one of the fields" in refusal_line  # as the person was told
    waiting_line = next(line for line in report.splitlines() if waiting.id[:8] in line)
    assert "posted automatically" in waiting_line
    # The refusal is a recent problem; being offline is not.
    problems = diagnostics.recent_errors()
    refusals = [p for p in problems if "refused posting draft " + refused.id[:8] in p]
    assert len(refusals) == 1 and "(422)" in refusals[0] and "Fields: category." in refusals[0]
    assert not [p for p in problems if waiting.id[:8] in p]
    # A brief is the person's business: its title is not in a support request.
    assert "autumn fair" not in report and "open day" not in report


def test_no_posts_say_so_plainly(rig: Rig, diagnostics: Diagnostics) -> None:
    report = diagnostics.report(rig.service.support_facts())
    assert "Posts waiting to send: 0 (0 may have reached AITasker" in report
    assert "Posts refused: 0" in report
