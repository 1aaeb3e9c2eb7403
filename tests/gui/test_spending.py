"""The Spending place in the running app, against its sandbox: tasks approved, refunded,
cancelled and still held show as a person reads them, and the CSV written is what they saw."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.domain.spending import Bucket
from aitasker_desktop.domain.spending_csv import HEADER
from aitasker_desktop.domain.task import Task
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services import formatting
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.ui.spending.model import TOTAL, Column
from aitasker_desktop.ui.spending.place import SpendingPlace
from aitasker_desktop.ui.theme import apply_theme
from tests.gui.task_page_helpers import click
from tests.sample_brief import DELIVERING, TO_REVIEW, post
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("spending")
DISPUTE_DECIDED = 3600 + 1
APPROVED_TITLE = '=Q4 report, "final" — تقرير'  # a formula, a comma, quotes, right to left


def client_of(desktop: Desktop) -> ClientApi:
    client = desktop.connection.client
    assert client is not None
    return client


def best_bid(client: ClientApi, task_id: str) -> str:
    gallery = client.bids(task_id)
    return max(gallery.presented_bids, key=lambda b: b.eval_score or 0).id


def four_tasks(desktop: Desktop, qtbot: QtBot) -> dict[str, Task]:
    """Approved, refunded after a dispute, cancelled, and one still in review (held)."""
    client, server = client_of(desktop), desktop.sandbox.server
    assert isinstance(server, EmbeddedSandbox)  # the real server, in this process
    server.top_up(100)
    tasks = {
        "approved": post(client, title=APPROVED_TITLE, budget_usd=12.5),
        "refunded": post(client, title="Logo ideas", budget_usd=9.75),
        "cancelled": post(client, title="Flyer text", budget_usd=8),
        "held": post(client, title="Product descriptions", budget_usd=10.25),
    }
    server.advance(TO_REVIEW)
    for name in ("approved", "refunded"):
        client.select_bid(tasks[name].id, best_bid(client, tasks[name].id))
    client.cancel(tasks["cancelled"].id)
    server.advance(DELIVERING)
    client.approve(tasks["approved"].id)
    client.dispute(tasks["refunded"].id, "It is not what the brief asked for.")
    server.advance(DISPUTE_DECIDED)
    final = {name: client.get_task(t.id) for name, t in tasks.items()}
    assert [t.status for t in final.values()] == [
        Status.COMPLETED,
        Status.REFUNDED,
        Status.CANCELLED,
        Status.REVIEW,
    ]
    desktop.tracker.poll_now()
    qtbot.waitUntil(
        lambda: (
            {t.id: t.status for t in desktop.tracker.tasks()}
            == {t.id: t.status for t in final.values()}
        ),
        timeout=15_000,
    )
    return final


def open_spending(desktop: Desktop, qtbot: QtBot) -> SpendingPlace:
    """Click Spending in the sidebar and wait for its sums."""
    nav = desktop.window.nav
    item = nav.findItems("Spending", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center()
    )
    place = desktop.spending_place
    assert desktop.window.current_place() == "spending"
    qtbot.waitUntil(lambda: desktop.spending.report is not None, timeout=10_000)
    return place


def cents_of(task: Task) -> int:
    assert task.price_usd is not None
    return round(task.price_usd * 100)


def money(cents: int) -> str:
    return formatting.money(cents / 100)


def test_spending_shows_what_moved_and_exports_it(
    desktop: Desktop, qtbot: QtBot, tmp_path: Path
) -> None:
    tasks = four_tasks(desktop, qtbot)
    spent = cents_of(tasks["approved"])
    refunded = cents_of(tasks["refunded"]) + cents_of(tasks["cancelled"])
    held = cents_of(tasks["held"])
    assert held == 1025  # a task in review holds its budget

    place = open_spending(desktop, qtbot)
    qtbot.waitUntil(
        lambda: place.total_labels[Bucket.SPENT].text() == f"Spent: {money(spent)}",
        timeout=10_000,
    )
    assert place.total_labels[Bucket.HELD].text() == f"Held: {money(held)}"
    assert place.total_labels[Bucket.REFUNDED].text() == f"Refunded: {money(refunded)}"
    # What the balance says is held is what Spending says is held.
    qtbot.waitUntil(lambda: desktop.balance.balance is not None)
    desktop.balance.refresh()
    qtbot.waitUntil(
        lambda: (
            desktop.balance.balance is not None and desktop.balance.balance.held_usd == held / 100
        ),
        timeout=10_000,
    )

    # The table's last row is the period's total, as the person reads it.
    model = place.table.model()
    last = model.rowCount() - 1

    def cell(row: int, column: Column) -> str:
        return str(model.index(row, column).data())

    assert cell(last, Column.MONTH) == TOTAL
    assert [cell(last, c) for c in (Column.SPENT, Column.HELD, Column.REFUNDED)] == [
        money(spent),
        money(held),
        money(refunded),
    ]
    assert cell(last, Column.TASKS) == "4"
    category_rows = [r for r in range(last) if cell(r, Column.MONTH) == ""]
    assert {cell(r, Column.CATEGORY) for r in category_rows} == {"Writing & Translation"}
    # The chart has a bar for every month of the period, this one with the money in it.
    bars = place.chart.bars
    assert len(bars) >= 12
    assert sum(b.cents[0] for b in bars) == spent
    assert "spent " + money(spent) in place.chart.accessibleDescription()

    # Export CSV…: the dialog starts in the app's downloads folder; type a name, press Enter.
    click(qtbot, place.export_button)
    dialog = place.save_dialog
    assert isinstance(dialog, QFileDialog)
    qtbot.waitUntil(dialog.isVisible)
    downloads = desktop.paths.downloads_dir
    assert QDir(dialog.directory()).absolutePath() == QDir(str(downloads)).absolutePath()
    name_edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_edit is not None
    report = desktop.spending.report
    assert report is not None
    assert name_edit.text() == f"AITasker spending {report.since} to {report.today}.csv"
    name_edit.selectAll()
    qtbot.keyClicks(name_edit, "November report")
    with qtbot.waitSignal(desktop.spending.exported, timeout=10_000):
        qtbot.keyClick(name_edit, Qt.Key.Key_Return)
    written = downloads / "November report.csv"
    qtbot.waitUntil(lambda: place.export_label.text() == f"Saved to {written}")
    assert place.export_button.isEnabled()

    raw = written.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with written.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(HEADER)
    by_id = {r["Task ID"]: r for r in rows}
    assert set(by_id) == {t.id for t in tasks.values()}
    approved = by_id[tasks["approved"].id]
    assert approved["Task"] == "'" + APPROVED_TITLE  # shown as text, never run
    assert approved["Counted as"] == "Spent"
    assert approved["Status"] == "Completed"
    assert approved["Category"] == "Writing & Translation"
    assert approved["Amount"] == f"{spent // 100}.{spent % 100:02d}"
    assert approved["Currency"] == "USD"
    assert by_id[tasks["held"].id]["Amount"] == "10.25"
    assert {r["Counted as"] for r in rows} == {"Spent", "Held", "Refunded"}
    total = sum(round(float(r["Amount"]) * 100) for r in rows)
    assert total == spent + held + refunded


def test_a_save_that_fails_says_so_next_to_the_button(
    desktop: Desktop, qtbot: QtBot, tmp_path: Path
) -> None:
    place = open_spending(desktop, qtbot)
    missing = tmp_path / "gone" / "deeper" / "spend.csv"
    (tmp_path / "gone").write_text("a file where a folder should be")
    with qtbot.waitSignal(desktop.spending.export_failed, timeout=10_000):
        place.on_save_dialog_file_selected(str(missing))
    assert place.export_label.isVisible()
    assert place.export_label.text().startswith("The CSV file could not be saved to")
    assert place.export_button.isEnabled()


def test_the_period_picker_reads_the_sums_again(desktop: Desktop, qtbot: QtBot) -> None:
    place = open_spending(desktop, qtbot)
    combo: QComboBox = place.period_combo
    combo.setFocus()
    with qtbot.waitSignal(desktop.spending.report_ready, timeout=10_000) as blocker:
        qtbot.keyClicks(combo, "All")
    assert blocker.args is not None and blocker.args[0].since is None
    assert combo.currentText() == "All time"
    assert place.note_label.text() == "Nothing was spent, held or refunded in this period."


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_screens(desktop: Desktop, qtbot: QtBot, mode: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, mode)
    try:
        desktop.window.resize(1280, 800)
        four_tasks(desktop, qtbot)
        place = open_spending(desktop, qtbot)
        qtbot.waitUntil(lambda: place.model.rowCount() >= 3, timeout=10_000)
        save_screen(
            desktop.window,
            SCREENS / f"spending_{mode}.png",
            texts=["Spending", "Export CSV…", "Spent:", "Held:", "Refunded:"],
        )
    finally:
        apply_theme(app, "light")


def test_the_table_model_is_sound_and_reads_per_month(qtmodeltester: object) -> None:
    from aitasker_desktop.domain.spending import SpendItem, summarise
    from aitasker_desktop.ui.spending.model import SpendingTableModel, table_rows

    at_nov, at_oct = 1_795_000_000.0, 1_792_000_000.0  # mid-November and mid-October 2026
    summary = summarise(
        [
            SpendItem("a", "A", "data", "t", Status.COMPLETED, 12.5, at_nov),
            SpendItem("b", "B", "business", "t", Status.CANCELLED, 3.0, at_nov),
            SpendItem("c", "C", "data", "t", Status.DISPUTED, 40.0, at_oct),
        ]
    )
    model = SpendingTableModel()
    model.set_rows(table_rows(summary, str.upper))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    texts = [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    newest = formatting.month(summary.months()[-1])
    assert texts[0] == [newest, "All categories", "$12.50", "$0.00", "$3.00", "2"]
    assert texts[1][1:] == ["BUSINESS", "$0.00", "$0.00", "$3.00", "1"]
    assert texts[2][1:] == ["DATA", "$12.50", "$0.00", "$0.00", "1"]
    assert texts[-1] == [TOTAL, "All categories", "$12.50", "$40.00", "$3.00", "3"]


def test_the_chart_says_in_words_what_each_bar_shows(qtbot: QtBot) -> None:
    from PySide6.QtCore import QPoint

    from aitasker_desktop.ui.spending.chart import Bar, SpendingChart, nice_top

    assert [nice_top(c) for c in (0, 100, 101, 1999, 2001, 4_999, 7_000, 100_001)] == [
        100,
        100,
        120,
        2000,
        3000,
        5000,
        8000,
        120_000,
    ]
    chart = SpendingChart()
    qtbot.addWidget(chart)
    chart.resize(600, 220)
    chart.set_bars([Bar("2026-10", (0, 0, 0)), Bar("2026-11", (1250, 1025, 1700))])
    chart.show()
    qtbot.waitExposed(chart)
    chart.grab()  # paints: the columns are laid out
    right = chart.bar_at(QPoint(590, 100))
    assert right is not None and right.month == "2026-11"
    assert chart.accessibleDescription() == (
        f"{formatting.month('2026-11')}: spent $12.50, held $10.25, refunded $17.00"
    )
    # Hovering a month's column shows the same words.
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    at = QPoint(590, 100)
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, at, chart.mapToGlobal(at)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == chart.accessibleDescription()
    QToolTip.hideText()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_screens_of_a_year_and_more(desktop: Desktop, qtbot: QtBot, mode: str) -> None:
    """Fourteen months of cached tasks in five categories (written to the cache as a poll
    would): the chart with a bar a month, the table with a row per category."""
    import random
    from datetime import UTC, datetime, timedelta

    from aitasker_desktop.storage.task_cache import TaskCache

    world = desktop.tracker.world
    assert world is not None
    rng = random.Random(3)
    now = datetime.now(UTC)
    categories = ["writing-translation", "graphics-design", "data", "business", "ai-services"]
    statuses = [Status.COMPLETED] * 6 + [Status.REFUNDED, Status.CANCELLED, Status.EXPIRED]
    tasks = [
        Task(
            id=f"history-{n}",
            title=f"Report {n}",
            category=rng.choice(categories),
            task_type="blog-post",
            status=Status.DELIVERING if n % 17 == 0 else rng.choice(statuses),
            budget_usd=round(rng.uniform(4, 120), 2),
            updated_at=now - timedelta(days=rng.uniform(0, 420)),
        )
        for n in range(120)
    ]
    TaskCache(desktop.store, world.cache_key).upsert(tasks)
    qtbot.waitUntil(lambda: desktop.catalog.catalog is not None, timeout=10_000)  # its names
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, mode)
    try:
        desktop.window.resize(1280, 800)
        place = open_spending(desktop, qtbot)
        qtbot.waitUntil(lambda: place.model.rowCount() > 20, timeout=10_000)
        assert len(place.chart.bars) == 12
        save_screen(
            desktop.window,
            SCREENS / f"spending_history_{mode}.png",
            texts=["Spending", "Export CSV…", "are not counted"],
        )
    finally:
        apply_theme(app, "light")


def test_a_remix_fee_is_said_to_be_left_out_of_the_sums(desktop: Desktop, qtbot: QtBot) -> None:
    """The balance pays a remix's fee at once; AITasker records no fee per task, so Spending
    cannot list it and says so where the person reads the sums."""
    client, server = client_of(desktop), desktop.sandbox.server
    assert isinstance(server, EmbeddedSandbox)
    before = client.balance().balance_usd
    task = post(client, title="Menu for a café", budget_usd=8)
    server.advance(TO_REVIEW)
    fee = client.bids(task.id).remix_fee_usd
    assert fee
    client.remix(task.id)
    server.advance(TO_REVIEW)
    client.select_bid(task.id, best_bid(client, task.id))
    server.advance(DELIVERING)
    approved = client.approve(task.id)
    price = cents_of(approved)
    assert round((before - client.balance().balance_usd) * 100) == price + round(fee * 100)
    desktop.tracker.poll_now()
    qtbot.waitUntil(
        lambda: any(t.status == Status.COMPLETED for t in desktop.tracker.tasks()),
        timeout=15_000,
    )

    place = open_spending(desktop, qtbot)
    qtbot.waitUntil(
        lambda: place.total_labels[Bucket.SPENT].text() == f"Spent: {money(price)}",
        timeout=10_000,
    )
    assert place.rule_label.isVisible()
    assert "Remix fees are taken from your balance" in place.rule_label.text()
    assert "not included here" in place.rule_label.text()


def test_a_small_window_names_the_month_with_money_and_shows_it_whole(
    desktop: Desktop, qtbot: QtBot
) -> None:
    """800x600, the last 12 months, money in one of them: that month is named under its bar
    (not skipped for every other month), and the table shows its name whole."""
    desktop.window.resize(800, 600)
    four_tasks(desktop, qtbot)
    place = open_spending(desktop, qtbot)
    qtbot.waitUntil(lambda: place.model.rowCount() >= 3, timeout=10_000)
    assert len(place.chart.bars) == 12
    (with_money,) = [bar.month for bar in place.chart.bars if bar.total]
    save_screen(desktop.window, SCREENS / "spending_800.png", texts=["Spent:"])
    assert formatting.month(with_money, short=True) in place.chart.labelled
    assert len(place.chart.labelled) == 12  # each month, its year beneath it
    month = place.model.index(0, Column.MONTH).data()
    assert month == formatting.month(with_money)  # "December 2026"
    table = place.table
    assert table.columnWidth(Column.MONTH) >= table.sizeHintForColumn(Column.MONTH)
