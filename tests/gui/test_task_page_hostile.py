"""The task page with hostile or broken data from a server: shown safely, saved cleanly.

A small fake client stands in for the server here: these answers (HTML titles, traversal
file names, NaN scores, 100 KB messages) are what a broken or malicious server could send,
which the sandbox never does.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.body import TOO_LARGE
from aitasker_desktop.api.errors import BadResponse, NotFoundError
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Bid, BidGallery, Delivery, FileRef, Task
from aitasker_desktop.services.balance import BalanceService
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.downloads import DownloadService
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.task_actions import TaskActionsService
from aitasker_desktop.ui.task_page.comparison import ComparisonModel
from aitasker_desktop.ui.task_page.page import TaskPage
from aitasker_desktop.ui.task_page.previews import CsvModel, SafeMarkdownView
from tests.gui.task_page_helpers import Answers, click
from tests.gui.tips import assert_tip_reads

HTML = "<b>x</b><img src='file:///etc/passwd'>"
NOW = datetime.now(UTC)


class FakeClient(ClientApi):
    """Answers with whatever a test put in; files are served from `contents`."""

    def __init__(self) -> None:
        self.task = Task(id="t1", status=Status.REVIEW, title=HTML)
        self.gallery = BidGallery()
        self.delivery_answer = Delivery()
        self.contents: dict[str, bytes] = {}
        self.failures: dict[str, Exception] = {}  # file id -> what fetching it raises
        self.calls: list[str] = []

    def get_task(self, task_id: str) -> Task:
        return self.task

    def bids(self, task_id: str) -> BidGallery:
        return self.gallery

    def delivery(self, task_id: str) -> Delivery:
        return self.delivery_answer

    def fetch_bytes(self, file: FileRef, *, max_bytes: int = 5 * 1024 * 1024) -> bytes:
        self.calls.append(f"fetch {file.id}")
        if file.id in self.failures:
            raise self.failures[file.id]
        return self.contents.get(file.id, b"")[:max_bytes]

    def download(
        self, file: FileRef, dest: BinaryIO, *, max_bytes: int | None = None, progress: Any = None
    ) -> int:
        data = self.contents.get(file.id, b"")
        dest.write(data)
        if progress is not None:
            progress(len(data), len(data))
        return len(data)

    def close(self) -> None:
        pass


@pytest.fixture
def fake() -> FakeClient:
    return FakeClient()


@pytest.fixture
def page(qtbot: QtBot, fake: FakeClient, tmp_path: Path) -> Iterator[TaskPage]:
    connection = Connection(InlineRunner())
    connection.set_client(fake, World(WorldKind.SANDBOX, "http://127.0.0.1:1"))
    actions = TaskActionsService(connection)
    downloads = DownloadService(connection, tmp_path / "downloads")
    answers = Answers()
    page = TaskPage(actions, downloads, BalanceService(connection), prompts=answers.prompts())
    page.answers = answers  # type: ignore[attr-defined]
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    yield page
    page.hide()


def test_html_in_titles_and_unknown_status_are_shown_as_text(
    page: TaskPage, fake: FakeClient
) -> None:
    fake.task = Task(
        id="t1",
        title=HTML,
        description="<h1>brief</h1>",
        status="<i>quantum</i>",
        category="<u>c</u>",
        history=[
            {"status": "open", "at": NOW - timedelta(minutes=5), "note": "<b>n</b>"},
            {"status": "<i>quantum</i>", "at": NOW, "note": "x" * 100_000},
        ],
    )
    page.show_task(fake.task)
    assert page.title_label.text() == HTML
    assert page.title_label.textFormat() == Qt.TextFormat.PlainText
    assert page.state_label.text() == "<i>quantum</i>"
    assert "<i>quantum</i>" in page.explain_label.text()
    assert page.brief_view.toPlainText() == "<h1>brief</h1>"
    assert "<u>c</u>" in page.meta_label.text()
    lines = page.timeline.texts()
    assert lines[0].startswith("○ Posted") and lines[0].endswith("<b>n</b>")
    assert_tip_reads(page.timeline.rows[0][0].toolTip(), "<b>n</b>")  # the note, not bold
    assert len(lines[-1]) < 300  # the 100 KB note was trimmed
    assert not page.actions_panel.buttons
    for label in page.findChildren(type(page.title_label)):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


def test_a_task_with_nothing_but_an_id(page: TaskPage) -> None:
    page.show_task(Task(id="bare"))
    assert page.title_label.text() == "(untitled task)"
    assert page.state_label.text() == "unknown"
    assert page.timeline.texts()  # something is shown, even without times


def _bid(n: int, **extra: Any) -> Bid:
    fields: dict[str, Any] = {
        "id": f"b{n}",
        "agent_name": f"Agent {n}",
        "bid_price_usd": 5.0 + n,
        "eval_score": 7.0,
    }
    fields.update(extra)
    return Bid(**fields)


def test_oversized_and_broken_bids_are_shown_trimmed(
    page: TaskPage, fake: FakeClient, qtmodeltester: ModelTester
) -> None:
    huge = {f"dimension_{i}": float(i % 11) for i in range(50)}
    fake.gallery = BidGallery(
        bids=[
            _bid(
                1,
                agent_name=HTML,
                agent_tier={"weird": True} and "<b>elite</b>",
                agent_message="m" * 100_000,
                prototype_summary="<script>alert(1)</script>",
                eval_breakdown=huge,
                bid_price_usd=-5,
                eval_score=math.nan,
            ),
            _bid(2, eval_score=None, bid_price_usd=None, agent_name=""),
            _bid(3, eval_breakdown={"quality": math.inf, "speed": -3}),
        ],
        remix_available=False,
        review_extensions_remaining=0,
    )
    fake.task = Task(id="t1", status=Status.REVIEW, title="ok")
    page.show_task(fake.task)
    gallery = page.gallery_view
    cards = gallery.cards
    assert len(cards) == 3
    # Sorted by the judge's score: the one scored comes first, the unscored after it.
    assert [c.bid.id for c in cards] == ["b3", "b1", "b2"]
    first = gallery.card_for("b1")
    assert first is not None
    assert first.agent_label.text() == HTML
    assert first.tier_label.text() == "<b>elite</b> agent"
    assert first.price_label.text() == "-$5.00"
    assert first.score_label.text() == "Not scored by the judge"
    gallery.show_details("b1")
    details = gallery.details
    assert len(details.message_label.text()) <= 4000
    assert details.summary_label.text() == "<script>alert(1)</script>"
    assert len(details.bars) == 12
    second = gallery.card_for("b2")
    assert second is not None
    assert second.agent_label.text() == "Unnamed agent"
    assert second.price_label.text() == "—"
    gallery.show_details("b3")
    assert details.bars[0].value() == 0  # infinite: no bar rather than a crash
    # Remix and extension are not offered when the gallery says so.
    panel = page.actions_panel
    assert not panel.buttons[Action.REMIX].isEnabled()
    assert not panel.buttons[Action.EXTEND_REVIEW].isEnabled()

    for card in cards:
        card.compare_box.setChecked(True)
    page.gallery_view.compare_button.click()
    model = page.gallery_view.comparison.comparison
    assert model.columnCount() == 3
    assert sorted(model.row_texts("Price")) == sorted(["-$5.00", "—", "$8.00"])
    # Hovering the agent's name or summary shows it as the agent wrote it.
    column = [b.id for b in model.bids].index("b1")
    for row, text in (("Agent", HTML), ("Summary", "<script>alert(1)</script>")):
        tip = model.index(model.row_of(row), column).data(Qt.ItemDataRole.ToolTipRole)
        assert_tip_reads(tip, text)
    # agent, kind, price, score, Select buttons, preview, summary, capped dimensions
    assert model.rowCount() == 7 + 40
    qtmodeltester.check(model, force_py=True)


def test_comparison_model_with_two_bids(qtmodeltester: ModelTester) -> None:
    model = ComparisonModel()
    model.set_bids([_bid(1, eval_breakdown={"quality": 8}), _bid(2, eval_breakdown={"a": 1})])
    qtmodeltester.check(model, force_py=True)
    assert model.row_texts("Quality") == ["80 / 100", "—"]
    bold = model.data(model.index(2, 0), Qt.ItemDataRole.FontRole)
    assert bold is not None and bold.bold()  # the lower price is the better one


def test_comparison_allows_two_to_four(page: TaskPage, fake: FakeClient, qtbot: QtBot) -> None:
    fake.gallery = BidGallery(bids=[_bid(n) for n in range(1, 6)])
    page.show_task(fake.task)
    cards = page.gallery_view.cards
    compare = page.gallery_view.compare_button
    click(qtbot, cards[0].compare_box)
    assert not compare.isEnabled()
    for card in cards[1:4]:
        click(qtbot, card.compare_box)
    assert compare.isEnabled() and compare.text() == "Compare 4"
    assert not cards[4].compare_box.isEnabled()  # a fifth cannot be ticked


def test_traversal_names_are_saved_clean_and_never_overwrite(
    page: TaskPage, fake: FakeClient, qtbot: QtBot, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    escaped = "Q3 &lt;draft&gt; &amp; plan.md"  # markup, escaped: no "<" to take out
    names = ["../../etc/passwd", "CON.txt", "a\u202eexe.txt", HTML + ".md", "", "notes.md", escaped]
    files = [
        FileRef(id=f"f{i}", name=n, media_type="text/markdown", size_bytes=3)
        for i, n in enumerate(names)
    ]
    for i, _ in enumerate(names):
        fake.contents[f"f{i}"] = f"new{i}".encode()
    fake.task = Task(id="t1", status=Status.AWAITING_APPROVAL, title="t", selected_price_usd=3)
    fake.delivery_answer = Delivery(id="d1", task_id="t1", files=files, message=HTML)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "passwd").write_bytes(b"keep me")
    (folder / "notes.md").write_bytes(b"keep me too")
    page.answers.folder = folder  # type: ignore[attr-defined]

    page.show_task(fake.task)
    view = page.delivery_view
    qtmodeltester.check(view.files, force_py=True)
    shown = [view.files.data(view.files.index(r, 0)) for r in range(view.files.rowCount())]
    # A name with slashes is a path: only its last part is kept.
    assert shown == ["passwd", "_CON.txt", "aexe.txt", "passwd'_.md", "file", "notes.md", escaped]
    # Its tooltip says the name it is saved under, not "Q3 <draft> & plan.md".
    tip = view.files.index(shown.index(escaped), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert_tip_reads(tip, f"Saved as “{escaped}”. Double-click to open it.")
    assert view.message_label.text() == HTML
    click(qtbot, view.save_all_button)
    qtbot.waitUntil(lambda: "Saved" in view.save_status.text())
    on_disk = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert on_disk["passwd"] == b"keep me"
    assert on_disk["passwd (2)"] == b"new0"
    assert on_disk["_CON.txt"] == b"new1"
    assert on_disk["aexe.txt"] == b"new2"
    assert on_disk["notes.md"] == b"keep me too"
    assert on_disk["notes (2).md"] == b"new5"
    assert on_disk["file"] == b"new4"
    assert not [n for n in on_disk if n.endswith(".part")]  # no temp file left behind
    assert not (tmp_path / "etc").exists()
    # Saving again makes third copies, still overwriting nothing.
    click(qtbot, view.save_button)  # the first row is selected
    qtbot.waitUntil(lambda: (folder / "passwd (3)").exists())
    assert (folder / "passwd").read_bytes() == b"keep me"


def test_markdown_preview_loads_nothing_and_opens_only_https(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    view = SafeMarkdownView()
    qtbot.addWidget(view)
    loaded: list[str] = []
    document = view.document()
    original = document.loadResource

    def load(kind: int, url: QUrl) -> object:
        loaded.append(str(url))
        return original(kind, url)

    monkeypatch.setattr(document, "loadResource", load)
    view.set_markdown(
        "# Title <b>bold</b>\n\n<script>alert(1)</script>\n\n![x](file:///etc/passwd)\n\n"
        "[bad](javascript:alert(1)) [plain](http://example.com) [good](https://example.com)"
    )
    view.show()
    text = view.toPlainText()
    assert "<b>bold</b>" in text and "<script>" in text  # HTML shown as text, not run
    assert "/etc/passwd" not in view.toHtml().split("<body", 1)[1].replace("file:///etc/passwd", "")
    for url in ("javascript:alert(1)", "http://example.com", "https://example.com"):
        view.on_self_anchor_clicked(QUrl(url))
    assert opened == ["https://example.com"]


def test_csv_model_is_capped_and_ragged_rows_are_padded(qtmodeltester: ModelTester) -> None:
    rows = ["a,b,c", "1", "1,2,3,4"] + [f"{i},x,y" for i in range(500)]
    model = CsvModel("\n".join(rows).encode())
    qtmodeltester.check(model, force_py=True)
    assert model.columnCount() == 4
    assert model.headerData(0, Qt.Orientation.Horizontal) == "a"
    assert model.data(model.index(0, 1)) == ""
    assert model.rowCount() <= 201 and model.truncated
    # A cell that looks like markup: shown, and hovered, as the agent wrote it.
    marked = CsvModel(b"item,note\nlogo,<b>draft</b> &amp; final\n")
    index = marked.index(0, 1)
    assert index.data() == "<b>draft</b> &amp; final"
    assert_tip_reads(index.data(Qt.ItemDataRole.ToolTipRole), "<b>draft</b> &amp; final")
    broken = CsvModel(b'"unterminated\n\x00\xff\xfe')
    qtmodeltester.check(broken, force_py=True)


def test_a_lists_lean_copy_is_completed_and_keeps_its_details(
    page: TaskPage, fake: FakeClient
) -> None:
    fake.task = Task(
        id="t1",
        status=Status.DELIVERING,
        title="Full",
        description="The whole brief.",
        history=[{"status": "open", "at": NOW}, {"status": "delivering", "at": NOW}],
    )
    page.show_task(Task(id="t1", status=Status.DELIVERING, title="Full"))  # from the cache
    assert page.brief_view.toPlainText() == "The whole brief."
    assert len(page.timeline.texts()) == 2
    page.update_task(Task(id="t1", status=Status.AWAITING_APPROVAL, title="Full"))
    assert page.brief_view.toPlainText() == "The whole brief."
    assert page.timeline.texts()[-1].startswith("● Delivery ready")


def test_previews_are_fetched_once_per_file(page: TaskPage, fake: FakeClient) -> None:
    fake.contents = {"a": b"# Title", "b": b"x,y\n1,2"}
    artifacts = [
        FileRef(id="a", name="draft.md", media_type="text/markdown"),
        FileRef(id="b", name="plan.csv", media_type="text/csv"),
    ]
    fake.gallery = BidGallery(bids=[_bid(1, artifacts=artifacts), _bid(2, artifacts=artifacts)])
    page.show_task(fake.task)
    assert sorted(c for c in fake.calls if c.startswith("fetch")) == ["fetch a", "fetch b"]
    page.refresh_button.click()  # reloads the gallery: the previews come from memory
    assert len([c for c in fake.calls if c.startswith("fetch")]) == 2
    details = page.gallery_view.details
    assert details.previews[1].content is not None  # the CSV table is shown again


def test_a_preview_that_cannot_be_fetched_says_why(page: TaskPage, fake: FakeClient) -> None:
    fake.contents = {"ok": b"# Fine"}
    fake.failures = {
        "gone": NotFoundError(status_code=404),
        "big": BadResponse(TOO_LARGE),  # as the transport says it past the preview's cap
    }
    artifacts = [
        FileRef(id="ok", name="fine.md", media_type="text/markdown"),
        FileRef(id="gone", name="logo.png", media_type="image/png"),
        FileRef(id="big", name="scan.pdf", media_type="application/pdf"),
    ]
    fake.gallery = BidGallery(bids=[_bid(1, artifacts=artifacts)])
    page.show_task(fake.task)
    ok, gone, big = page.gallery_view.details.previews
    assert ok.content is not None
    assert gone.status.text() == (
        "The preview could not be loaded. AITasker could not find that. "
        "It may have been removed. Refresh and try again."
    )
    assert big.status.text().startswith(
        "The preview could not be loaded. AITasker sent a larger answer than the app accepts."
    )


def test_controls_are_named_and_reachable_by_keyboard(
    page: TaskPage, fake: FakeClient, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QAbstractButton

    fake.gallery = BidGallery(bids=[_bid(1), _bid(2)], remix_available=True)
    page.show_task(fake.task)
    qtbot.wait(20)  # widgets added to a shown layout appear on the next turn of the loop
    buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
    assert len(buttons) >= 8
    for button in buttons:
        if button.text():
            assert button.accessibleName() == button.text(), button.text()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.text()
