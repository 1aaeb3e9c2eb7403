"""A task's page: what it is, where it stands, what the buyer can do, and its bids or delivery.

Left: the title, state and its explanation, the time left to decide, the actions, the brief
and the timeline. Right: the bid gallery while in review, the delivery once there is one.
Everything from the service is shown as plain text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.api.errors import (
    ConflictError,
    NotFoundError,
    OutcomeUnknown,
    PaymentRequired,
)
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.domain.lifecycle import Action, Status
from aitasker_desktop.domain.task import Bid, BidGallery, Delivery, Task
from aitasker_desktop.services.balance import BalanceService
from aitasker_desktop.services.downloads import DownloadService
from aitasker_desktop.services.task_actions import NOTE, TaskActionsService
from aitasker_desktop.ui.messages import error_text
from aitasker_desktop.ui.task_page.deadline import DeadlineClock
from aitasker_desktop.ui.task_page.delivery import DeliveryView
from aitasker_desktop.ui.task_page.dialogs import Prompts
from aitasker_desktop.ui.task_page.format import plain_label
from aitasker_desktop.ui.task_page.gallery import BidGalleryView
from aitasker_desktop.ui.task_page.outcomes import (
    CHECKING,
    changed_text,
    failure_text,
    failure_title,
    is_offline,
)
from aitasker_desktop.ui.task_page.previews import PreviewCache, Sources
from aitasker_desktop.ui.task_page.questions import question_for, select_question
from aitasker_desktop.ui.task_page.saving import FileSaving, Note
from aitasker_desktop.ui.task_page.state import DELIVERY_STATES, keep_details, waiting_text
from aitasker_desktop.ui.task_page.summary import TaskSummary
from aitasker_desktop.ui.task_page.viewer import ArtifactViewer, OneViewer
from aitasker_desktop.ui.tasks.wording import KindNames
from aitasker_desktop.ui.top_up import TopUpOffer

log = logging.getLogger(__name__)
DECISIONS = frozenset({*Action, NOTE})  # what a refusal as out of date is checked for


class TaskPage(QWidget):
    task_updated = Signal(object)  # Task, after one of the buyer's actions or a refresh
    gallery_loaded = Signal(object)  # BidGallery, shown
    delivery_loaded = Signal(object)  # Delivery, shown
    new_brief_requested = Signal(object)  # Task: start a new brief from this one

    def __init__(
        self,
        actions: TaskActionsService,
        downloads: DownloadService,
        balance: BalanceService,
        *,
        prompts: Prompts | None = None,
        clock: Clock = system_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Task")
        self._actions = actions
        self._downloads = downloads
        self._balance = balance
        self.prompts = prompts or Prompts()
        self._recover = False  # an error is shown: reload when AITasker answers again
        self._rechecking = False  # a decision was refused as out of date: reading the task
        self.task: Task | None = None
        self.gallery: BidGallery | None = None
        self.delivery: Delivery | None = None

        side = TaskSummary(actions)
        self.summary = side
        # The summary's parts, by the names the page and its tests use.
        self.title_label, self.meta_label = side.title_label, side.meta_label
        self.state_label, self.explain_label = side.state_label, side.explain_label
        self.error_label, self.notice_label = side.error_label, side.notice_label
        self.actions_panel, self.brief_view = side.actions_panel, side.brief_view
        self.timeline = side.timeline
        self.refresh_button, self.reuse_button = side.refresh_button, side.reuse_button
        self.actions_panel.action_requested.connect(self.on_actions_panel_action_requested)
        self.refresh_button.clicked.connect(self.on_refresh_button_clicked)
        self.reuse_button.clicked.connect(self.on_reuse_button_clicked)

        self.content = self._build_content(downloads, balance)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(side)
        split.addWidget(self.content)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 700])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(split)

        # The app's clock, not the system's: the countdown agrees with the server's deadlines.
        self._clock = DeadlineClock(self.actions_panel.deadline_label, self, clock=clock)

        actions.action_succeeded.connect(self.on_actions_action_succeeded)
        actions.action_failed.connect(self.on_actions_action_failed)
        actions.busy_changed.connect(lambda _busy: self._update_busy())
        actions.back_online.connect(self.on_actions_back_online)
        # A refused payment's balance, read at once: the message and status bar agree.
        actions.balance_read.connect(balance.accept)

    def _build_content(self, downloads: DownloadService, balance: BalanceService) -> QStackedWidget:
        """The right side: a waiting line, the bid gallery or the delivery."""
        # The page is re-rendered whenever the task changes: recent previews are kept.
        self.sources = Sources(PreviewCache(downloads.fetch_preview).fetch, downloads.render_pdf)
        self.gallery_view = BidGalleryView(self.sources)
        self.gallery_view.select_requested.connect(self.on_gallery_select_requested)
        self.delivery_view = DeliveryView(self.sources)
        self.delivery_view.stop_requested.connect(downloads.cancel)
        self.saving = FileSaving(
            self,
            downloads,
            self.delivery_view,
            lambda: self.prompts,
            lambda: self.task.id if self.task is not None else None,
            self.on_saving_artifact_noted,
        )
        self.delivery_view.save_requested.connect(self.saving.save)
        self.delivery_view.open_requested.connect(self.saving.open)
        self.gallery_view.save_requested.connect(
            lambda file: self.saving.save([file], purpose="artifact")
        )
        self.viewers = OneViewer(
            self, self.sources, lambda f: self.saving.save([f], purpose="artifact")
        )
        self.gallery_view.open_requested.connect(self.viewers.open)
        self.top_up = TopUpOffer(self, balance, lambda: self.prompts, self.show_notice)
        self.waiting_label = plain_label("", name="waiting")
        self.waiting_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        content = QStackedWidget()
        content.addWidget(self.waiting_label)
        content.addWidget(self.gallery_view)
        content.addWidget(self.delivery_view)

        return content

    # -- showing a task --------------------------------------------------------------------

    def show_task(self, task: Task) -> None:
        """Show `task` and fetch what its state needs (its bids or its delivery)."""
        if self.task is not None and self.task.id == task.id:
            # The same task again (the list re-selects it as it refreshes): keep what is
            # shown, and fetch only if its state moved.
            self.update_task(task)
            return
        self.gallery = None
        self.delivery = None
        self._clear_messages()
        self._render(task)
        self.saving.show_task(task.id)
        self._load_content(task)
        if not task.history or not task.description:
            # A list's copy may leave out the brief and the history: read the whole task.
            self._actions.load_task(task.id, self.on_full_task_loaded, lambda _e: None, owner=self)

    def on_catalog_changed(self, catalog: object) -> None:
        """Name the category and type as the catalog (and the task list) do."""
        self.summary.set_names(
            KindNames.from_catalog(catalog if isinstance(catalog, Catalog) else None)
        )

    def on_full_task_loaded(self, task: Task) -> None:
        self.update_task(task)

    def update_task(self, task: Task) -> None:
        """A newer version of a task (from the tracker); ignored unless it is the one shown."""
        old = self.task
        if old is None or old.id != task.id:
            return
        task = keep_details(old, task)
        self._render(task)
        if old.status != task.status or (
            task.status == Status.REVIEW
            and old.review_extensions_remaining != task.review_extensions_remaining
        ):
            self._load_content(task)

    def on_reuse_button_clicked(self) -> None:
        if self.task is not None:
            self.new_brief_requested.emit(self.task)

    def on_refresh_button_clicked(self) -> None:
        self._refresh()

    def _refresh(self, then: Callable[[Task | None], None] = lambda _task: None) -> None:
        """Read the task again and show it; `then` gets it (None when it could not be read)."""
        if self.task is None:
            return
        task_id = self.task.id

        def loaded(task: Task) -> None:
            self.on_task_loaded(task)
            then(task)

        def failed(exc: BaseException) -> None:
            self.on_content_failed(task_id, exc)
            then(None)

        self._actions.load_task(task_id, loaded, failed, owner=self)

    def on_task_loaded(self, task: Task) -> None:
        if self.task is not None and self.task.id == task.id:
            self._reload(task)
            self.task_updated.emit(task)

    def _reload(self, task: Task) -> None:
        self._render(task)
        self._load_content(task)

    def _render(self, task: Task) -> None:
        self.task = task
        self.summary.show_task(task, self.gallery)
        self._update_clock()

    def _load_content(self, task: Task) -> None:
        if task.status == Status.REVIEW:
            self._show_waiting("Loading the bids…")
            self._actions.load_bids(
                task.id,
                partial(self.on_bids_loaded, task.id),
                partial(self.on_content_failed, task.id),
                owner=self,
            )
        elif task.status in DELIVERY_STATES:
            if self.delivery is None or self.delivery.task_id not in ("", task.id):
                self._show_waiting("Loading the delivery…")
            self._actions.load_delivery(
                task.id,
                partial(self.on_delivery_loaded, task.id),
                partial(self.on_content_failed, task.id),
                owner=self,
            )
        else:
            self._show_waiting(waiting_text(task))

    def _show_waiting(self, text: str) -> None:
        self.waiting_label.setText(text)
        self.content.setCurrentWidget(self.waiting_label)

    def on_bids_loaded(self, task_id: str, gallery: BidGallery) -> None:
        if self.task is None or self.task.id != task_id:
            return
        self.gallery = gallery
        can_select = self.task.status == Status.REVIEW and self._actions.offers(Action.SELECT)
        self.gallery_view.show_gallery(gallery, can_select=can_select)
        self.actions_panel.show_task(self.task, gallery)
        self.content.setCurrentWidget(self.gallery_view)
        self.gallery_loaded.emit(gallery)

    def on_delivery_loaded(self, task_id: str, delivery: Delivery) -> None:
        if self.task is None or self.task.id != task_id:
            return
        same = (
            self.delivery is not None
            and self.delivery.id == delivery.id
            and self.delivery.revision == delivery.revision
        )
        self.delivery = delivery
        if not same:
            self.delivery_view.show_delivery(delivery)
        else:
            self.delivery_view.show_asked(delivery)
        self.content.setCurrentWidget(self.delivery_view)
        self._update_clock()
        self.delivery_loaded.emit(delivery)

    def on_content_failed(self, task_id: str, exc: BaseException) -> None:
        if self.task is None or self.task.id != task_id:
            return
        if isinstance(exc, NotFoundError):
            self._show_waiting(waiting_text(self.task))
        elif is_offline(exc):
            self._recover = True
            self._show_waiting(
                "The app cannot reach AITasker right now. This page loads by itself as soon "
                "as AITasker answers again."
            )
        else:
            self._show_waiting(error_text(exc))

    def on_actions_back_online(self) -> None:
        """AITasker answers again: leave the error, and reload what it may have hidden."""
        if self.task is None or not self._recover:
            return
        self._recover = False
        self.error_label.hide()
        self.on_refresh_button_clicked()

    def _clear_messages(self) -> None:
        self._recover = False
        self.error_label.hide()
        self.notice_label.hide()

    def show_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    # -- the time left to decide -----------------------------------------------------------

    def _update_clock(self) -> None:
        self._clock.show(self.task, self.delivery, on_screen=self.isVisible())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_clock()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._clock.stop()

    # -- decisions -------------------------------------------------------------------------

    def _update_busy(self) -> None:
        """While a decision is on its way (or the task is being read again after one was
        refused), no other decision is offered: one choice at a time, never two."""
        busy = self._actions.busy or self._rechecking
        self.actions_panel.set_busy(busy)
        self.gallery_view.set_busy(busy)

    def on_gallery_select_requested(self, bid: Bid) -> None:
        task = self.task
        if task is not None and self.prompts.confirm(self, select_question(bid)):
            self._actions.select(task.id, bid.id)

    def on_actions_panel_action_requested(self, name: str, text: str) -> None:
        task = self.task
        action = Action(name)
        if task is None or (action in (Action.REQUEST_REVISION, Action.DISPUTE) and not text):
            return
        question = question_for(action, task, self.gallery)
        if question is None or self.prompts.confirm(self, question):
            self._actions.perform(action, task.id, text)

    def on_actions_action_succeeded(self, action: str, task: object) -> None:
        if not isinstance(task, Task) or self.task is None or task.id != self.task.id:
            return
        self._clear_messages()
        if action in (Action.REQUEST_REVISION, Action.DISPUTE):
            self.actions_panel.clear_text(Action(action))
        self._reload(task)  # e.g. an extension changes the gallery, not the state
        self.task_updated.emit(task)

    def on_actions_action_failed(self, action: str, exc: object) -> None:
        if not isinstance(exc, BaseException):
            return
        if isinstance(exc, ConflictError) and action in DECISIONS and self.task is not None:
            self._recheck(action, exc)
            return
        self._report(action, exc, failure_text(action, exc, self._balance.balance))

    def _recheck(self, action: str, exc: ConflictError) -> None:
        """The task moved on meanwhile: read it again now, rather than keep offering what
        its old state allowed, and say plainly what it is now."""
        assert self.task is not None
        log.info("AITasker refused %s on task %s: %s", action, self.task.id, exc.message)
        task_id, before = self.task.id, self.task.status
        self._rechecking = True
        self._update_busy()
        self.error_label.setText(CHECKING)
        self.error_label.show()
        self.notice_label.hide()

        def checked(task: Task | None) -> None:
            self._rechecking = False
            self._update_busy()
            if self.task is not None and self.task.id == task_id:  # still the one shown
                self._report(action, exc, changed_text(before, task, exc.message))

        self._refresh(checked)

    def _report(self, action: str, exc: BaseException, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.notice_label.hide()
        if is_offline(exc) or isinstance(exc, OutcomeUnknown):
            self._recover = True  # back online, the page shows what is true now
        offer = isinstance(exc, PaymentRequired) and self.top_up.can_offer(exc)
        chosen = self.prompts.report_error(self, failure_title(action), text, offer)
        if chosen and isinstance(exc, PaymentRequired):
            self.top_up.run(exc)

    # -- files -----------------------------------------------------------------------------

    @property
    def viewer(self) -> ArtifactViewer | None:
        """The artifact shown full size, if one is."""
        return self.viewers.current

    def on_saving_artifact_noted(self, _task_id: str, note: Note) -> None:
        self.gallery_view.set_save_status(*note)
        self.viewers.set_status(note[0])
