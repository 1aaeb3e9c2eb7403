"""Money on the task page: a refused payment says what can be spent now, as the status bar
does; "Top up credits…" tops up in the app on the sandbox (its own top-up route, pretend
credit) and opens the account's https page otherwise, never the website from the sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.errors import PaymentRequired
from aitasker_desktop.desktop import Desktop
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Balance
from aitasker_desktop.services.balance import BalanceService, TopUpRoute
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.formatting import balance as balance_text
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.ui.task_page.dialogs import TOP_UP_LABEL
from aitasker_desktop.ui.task_page.page import TaskPage
from aitasker_desktop.ui.top_up import TopUpDialog, TopUpOffer, suggested_top_up
from tests.gui.task_page_helpers import (
    SANDBOX_TOP_UP,
    Answers,
    click,
    client_of,
    on_next_dialog,
    open_from_list,
    poll_until,
    press,
    sandbox_of,
    spend_all,
)
from tests.sample_brief import TO_REVIEW, post
from tests.screens import save_screen, screens_dir

SCREENS = screens_dir("task_page")


class Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened() -> Iterator[Opened]:
    from PySide6.QtGui import QDesktopServices

    handler = Opened()
    for scheme in ("https", "http"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")  # type: ignore[arg-type]  # stubs say bytes; it takes str
    yield handler
    for scheme in ("https", "http"):
        QDesktopServices.unsetUrlHandler(scheme)


def broke_in_review(desktop: Desktop, qtbot: QtBot) -> TaskPage:
    task = post(client_of(desktop))
    page = open_from_list(qtbot, desktop, task.id)
    desktop.sandbox.server.advance(TO_REVIEW)
    with qtbot.waitSignal(page.gallery_loaded, timeout=10_000):
        poll_until(qtbot, desktop, page, Status.REVIEW)
    spend_all(client_of(desktop))
    return page


def test_the_sandbox_tops_up_in_the_app_and_never_opens_the_website(
    desktop: Desktop, qtbot: QtBot, opened: Opened
) -> None:
    desktop.window.resize(1280, 800)
    page = broke_in_review(desktop, qtbot)
    seen: list[tuple[str, list[str]]] = []
    amounts: list[float] = []

    def how_much(dialog: QWidget) -> None:
        assert isinstance(dialog, TopUpDialog)
        save_screen(dialog, SCREENS / "top_up.png")
        dialog.amount.selectAll()
        qtbot.keyClicks(dialog.amount, "125.50")  # cents typed as a person types them
        amounts.append(dialog.amount.value())
        press(dialog, "Add credit")

    def refused(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        buttons = [b.text() for b in dialog.buttons()]
        seen.append((dialog.text(), buttons))
        save_screen(dialog, SCREENS / "payment_refused.png")
        if TOP_UP_LABEL in buttons:
            # The amount is asked for at once, inside this click: be ready for it first.
            on_next_dialog(qtbot, how_much)
        press(dialog, TOP_UP_LABEL if TOP_UP_LABEL in buttons else "Close")

    def remix(dialog: QWidget) -> None:
        press(dialog, "Remix for $1.00")
        on_next_dialog(qtbot, refused)  # then AITasker's answer

    on_next_dialog(qtbot, remix)
    click(qtbot, page.actions_panel.buttons[Action.REMIX])
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    text, buttons = seen[0]
    assert "you can spend $0.00 now" in text
    assert opened.urls == []  # the real website is never opened from the sandbox
    assert TOP_UP_LABEL in buttons  # the sandbox's 402 names its own top-up route
    qtbot.waitUntil(lambda: page.notice_label.text().startswith("Added"), timeout=10_000)
    assert amounts == [125.5]
    assert page.notice_label.text() == (
        "Added $125.50 of pretend credit. You can spend $125.50 now: try again."
    )
    assert client_of(desktop).balance().available_usd == 125.5
    assert desktop.balance_label.text() == balance_text(desktop.balance.balance)
    assert opened.urls == []


class AccountClient(ClientApi):
    def balance(self) -> Balance:
        return Balance(balance_usd=3, held_usd=1)

    def close(self) -> None:
        pass


def test_an_account_opens_its_https_top_up_page(qtbot: QtBot, opened: Opened) -> None:
    connection = Connection(InlineRunner())
    connection.set_client(AccountClient(), World(WorldKind.ACCOUNT, "https://api.example.test"))
    balance = BalanceService(connection)
    parent = QWidget()
    qtbot.addWidget(parent)
    said: list[str] = []
    answers = Answers(top_up_amount=50)
    offer = TopUpOffer(parent, balance, answers.prompts, said.append)
    website = PaymentRequired(amount_usd=4, topup_url="https://aitasker.example/billing")
    assert balance.top_up_route(website) is TopUpRoute.WEBSITE and offer.can_offer(website)
    offer.run(website)
    assert opened.urls == ["https://aitasker.example/billing"] and not answers.top_ups
    plain = PaymentRequired(amount_usd=4, topup_url="http://aitasker.example/billing")
    assert not offer.can_offer(plain)  # only https is ever opened
    # An account never takes the in-app route, whatever link the server names as its own.
    own = PaymentRequired(amount_usd=4, own_topup_url="https://api.example.test/top-up")
    assert balance.top_up_route(own) is TopUpRoute.NONE
    assert not balance.top_up(own, 10)


def test_the_amount_offered_covers_the_shortfall() -> None:
    assert suggested_top_up(1.0, 0.0) == 100.0
    assert suggested_top_up(260.0, 20.0) == 250.0
    assert suggested_top_up(None, None) == 100.0
    assert suggested_top_up(float("nan"), 5.0) == 100.0


def test_a_refusal_naming_the_sandboxs_own_top_up_adds_credit_in_the_app(
    desktop: Desktop, qtbot: QtBot, opened: Opened
) -> None:
    """What the client makes of the sandbox's 402 (its own top-up link kept apart from the
    https one), through the page's offer, to the real sandbox's top-up."""
    client = client_of(desktop)
    page: TaskPage = desktop.task_page  # with the app's own dialogs
    qtbot.waitUntil(lambda: desktop.balance.balance is not None, timeout=10_000)
    before = client.balance()
    offered: list[tuple[str, float]] = []

    def how_much(dialog: QWidget) -> None:
        assert isinstance(dialog, TopUpDialog)
        offered.append((dialog.windowTitle(), dialog.amount.value()))
        save_screen(dialog, SCREENS / "top_up_from_link.png")
        dialog.amount.selectAll()
        qtbot.keyClicks(dialog.amount, "125.50")  # cents typed as a person types them
        press(dialog, "Add credit")

    on_next_dialog(qtbot, how_much)
    refused = PaymentRequired(
        amount_usd=1.0,
        topup_url="https://aitasker.co/dashboard/credits",  # never opened from the sandbox
        own_topup_url=sandbox_of(desktop).base_url + SANDBOX_TOP_UP,
    )
    assert desktop.balance.top_up_route(refused) is TopUpRoute.IN_APP
    page.top_up.run(refused)
    assert offered == [("Top up sandbox credit", 100.0)]
    qtbot.waitUntil(lambda: page.notice_label.text().startswith("Added"), timeout=10_000)
    after = client.balance()
    assert after.balance_usd == pytest.approx(before.balance_usd + 125.5)
    assert page.notice_label.text() == (
        f"Added $125.50 of pretend credit. You can spend ${after.available_usd:,.2f} now: "
        "try again."
    )
    assert desktop.balance_label.text() == balance_text(after)
    assert opened.urls == []


def test_the_key_never_goes_to_another_origin(desktop: Desktop) -> None:
    from aitasker_desktop.api.errors import InsecureURL

    client = client_of(desktop)
    with pytest.raises(InsecureURL):
        client.top_up("http://127.0.0.1:1/sandbox/credits/top-up", 10)
