"""Deleting a draft that waits to be posted: a submission that cannot have reached AITasker is
cancelled and never sent; one that may have is never dropped, so it is posted exactly once.
Against the real sandbox, through the Drafts place as a person deletes."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aitasker_desktop.services.submission import SubmissionState, Withdrawal
from aitasker_desktop.services.submission_outcomes import UNCONFIRMED_MESSAGE
from aitasker_desktop.storage.outbox import OutboxState
from aitasker_desktop.ui.drafts_page import DraftsPage
from tests.screens import save_screen, screens_dir
from tests.services.submission_rig import Rig, a_draft

SCREENS = screens_dir("drafts")


@pytest.fixture
def asked() -> list[str]:
    """The questions the Drafts place asked (each answered yes)."""
    return []


@pytest.fixture
def page(qtbot: QtBot, rig: Rig, asked: list[str]) -> Iterator[DraftsPage]:
    def confirm(_parent: object, question: str) -> bool:
        asked.append(question)
        return True

    drafts_page = DraftsPage(rig.drafts, rig.service, confirm=confirm, confirm_cancel=confirm)
    qtbot.addWidget(drafts_page)
    drafts_page.resize(900, 600)
    drafts_page.show()
    yield drafts_page


def queue_offline(qtbot: QtBot, rig: Rig, title: str) -> str:
    """Post a draft while AITasker cannot be reached; it waits, not in flight. Its id."""
    rig.wire.offline = True
    draft = a_draft(title)
    with qtbot.waitSignal(rig.service.queued, timeout=10_000):
        rig.service.submit(draft)
    rig.service.stop()  # no retry starts while the test looks
    qtbot.waitUntil(lambda: rig.service.state_of(draft.id) == SubmissionState.QUEUED)
    return draft.id


def delete_in_page(qtbot: QtBot, page: DraftsPage, title: str) -> None:
    page.reload()
    rows = [page.proxy.index(r, 0) for r in range(page.proxy.rowCount())]
    page.table.setCurrentIndex(next(i for i in rows if i.data() == title))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)


def test_deleting_a_waiting_draft_cancels_its_posting(
    qtbot: QtBot, rig: Rig, page: DraftsPage, asked: list[str]
) -> None:
    draft_id = queue_offline(qtbot, rig, "Menu for the spring")
    assert rig.service.withdrawal_of(draft_id) == Withdrawal.CANCELS
    with qtbot.waitSignal(rig.service.cancelled) as cancelled:
        delete_in_page(qtbot, page, "Menu for the spring")
    assert cancelled.args == [draft_id]
    assert "Deleting the draft cancels that, so the task will not be posted" in asked[0]
    assert page.undo_bar.label.text().startswith(
        "Deleted “Menu for the spring” and cancelled its posting: it will not be posted."
    )
    assert rig.drafts.is_trashed(draft_id) and rig.outbox.get_by_draft(draft_id) is None

    # Undo brings the draft back, unposted, and says so.
    qtbot.mouseClick(page.undo_bar.undo_button, Qt.MouseButton.LeftButton)
    assert not rig.drafts.is_trashed(draft_id)
    assert "It was not posted" in page.undo_bar.label.text()
    assert not page.undo_bar.undo_button.isVisible()
    assert page.proxy.index(0, 2).data() == "Draft"

    rig.wire.offline = False  # AITasker is back: nothing waits, nothing is sent
    rig.service.resume()
    qtbot.waitUntil(lambda: not rig.runner.busy)
    assert rig.service.pending_count() == 0
    assert rig.posted() == []


def test_a_draft_whose_task_may_be_posted_cannot_be_deleted(
    qtbot: QtBot, rig: Rig, page: DraftsPage, asked: list[str]
) -> None:
    rig.wire.lose_answers = 3  # AITasker made the task; every answer of the round is lost
    draft = a_draft("Logo for the bakery")
    with qtbot.waitSignal(rig.service.queued, timeout=10_000):
        rig.service.submit(draft)
    rig.service.stop()
    rig.wire.offline = True  # then the line goes down: the next attempt cannot connect
    with qtbot.waitSignal(rig.service.queued, timeout=10_000):
        rig.service.resume()
    rig.service.stop()
    qtbot.waitUntil(lambda: rig.service.state_of(draft.id) == SubmissionState.QUEUED)
    entry = rig.outbox.get_by_draft(draft.id)
    assert entry is not None and entry.state is OutboxState.SENDING  # still may be posted

    delete_in_page(qtbot, page, "Logo for the bakery")
    assert asked == []
    said = page.undo_bar.label.text()
    assert said.startswith("“Logo for the bakery” cannot be deleted: the connection dropped")
    assert "AITasker may already have it" in said and "once" in said
    assert not page.undo_bar.undo_button.isVisible()
    assert not rig.drafts.is_trashed(draft.id)
    save_screen(page, SCREENS / "cannot-delete-light.png")

    rig.wire.offline = False
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000):
        rig.service.resume()
    assert len(rig.posted()) == 1 and len(set(rig.wire.creates())) == 1


def test_a_waiting_draft_deleted_by_an_older_version_is_not_posted(qtbot: QtBot, rig: Rig) -> None:
    draft_id = queue_offline(qtbot, rig, "Flyer for the fair")
    rig.drafts.delete(draft_id)  # to the trash, its submission left waiting
    rig.wire.offline = False
    with qtbot.waitSignal(rig.service.cancelled):
        rig.service.resume()
    qtbot.waitUntil(lambda: not rig.runner.busy)
    rig.drafts.restore(draft_id)
    rig.service.resume()
    qtbot.waitUntil(lambda: not rig.runner.busy)
    assert rig.service.state_of(draft_id) == SubmissionState.DRAFT
    assert rig.posted() == []


def test_a_lost_answer_left_pending_by_an_older_version_still_may_be_posted(rig: Rig) -> None:
    draft = a_draft("Poster for the shop")
    rig.drafts.save_now(draft)
    entry = rig.outbox.enqueue(draft.id, {"title": draft.brief.title})
    rig.outbox.mark_sending(entry.id)
    # What an older version stored after a lost answer: pending, with the lost-answer words.
    rig.outbox.mark_failed(entry.id, UNCONFIRMED_MESSAGE, permanent=False, may_have_posted=False)
    assert rig.service.withdrawal_of(draft.id) == Withdrawal.MAY_BE_POSTED
    assert rig.service.withdraw(draft.id) == Withdrawal.MAY_BE_POSTED
    assert rig.outbox.get(entry.id) is not None
