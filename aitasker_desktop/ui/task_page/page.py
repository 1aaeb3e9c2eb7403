"""A task's page: what it is, where it stands, what the buyer can do, and its bids or delivery.

Left: the title, state and its explanation, the time left to decide, the actions, the brief
and the timeline. Right: the bid gallery while in review, the delivery once there is one.
Everything from the service is shown as plain text.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.api.errors import NotFoundError
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.filenames import safe_filename
from aitasker_desktop.domain.lifecycle import Action, Status, describe
from aitasker_desktop.domain.task import Bid, BidGallery, Delivery, FileRef, Task
from aitasker_desktop.services.downloads import DownloadService
from aitasker_desktop.services.formatting import money
from aitasker_desktop.services.task_actions import TaskActionsService
from aitasker_desktop.ui.messages import error_text
from aitasker_desktop.ui.task_page.actions_panel import ActionsPanel
from aitasker_desktop.ui.task_page.delivery import DeliveryView
from aitasker_desktop.ui.task_page.dialogs import Prompts
from aitasker_desktop.ui.task_page.format import countdown, plain_label, trim
from aitasker_desktop.ui.task_page.gallery import BidGalleryView
from aitasker_desktop.ui.task_page.previews import Fetch, PreviewCache
from aitasker_desktop.ui.task_page.questions import ACTION_TITLES, question_for, select_question
from aitasker_desktop.ui.task_page.state import DELIVERY_STATES, keep_details, waiting_text
from aitasker_desktop.ui.task_page.timeline import Timeline
from aitasker_desktop.ui.tasks.wording import NO_NAMES, KindNames, kind_text


class TaskPage(QWidget):
    task_updated = Signal(object)  # Task, after one of the buyer's actions or a refresh
    gallery_loaded = Signal(object)  # BidGallery, shown
    delivery_loaded = Signal(object)  # Delivery, shown
    new_brief_requested = Signal(object)  # Task: start a new brief from this one

    def __init__(
        self,
        actions: TaskActionsService,
        downloads: DownloadService,
        *,
        prompts: Prompts | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Task")
        self._actions = actions
        self._downloads = downloads
        self.prompts = prompts or Prompts()
        self.task: Task | None = None
        self.gallery: BidGallery | None = None
        self.delivery: Delivery | None = None
        self._names: KindNames = NO_NAMES

        self.title_label = plain_label("No task selected.", name="task_title")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title_label.setFont(font)
        self.meta_label = plain_label("", name="task_meta")
        self.state_label = plain_label("", name="task_state")
        state_font = self.state_label.font()
        state_font.setBold(True)
        self.state_label.setFont(state_font)
        self.explain_label = plain_label("", name="task_explanation")
        self.error_label = plain_label("", name="task_error")
        self.error_label.setStyleSheet("color: #c42b1c;")
        self.error_label.hide()
        self.actions_panel = ActionsPanel(actions)
        self.actions_panel.action_requested.connect(self.on_actions_panel_action_requested)
        self.brief_view = QPlainTextEdit()
        self.brief_view.setReadOnly(True)
        self.brief_view.setAccessibleName("Brief")
        self.brief_view.setMaximumHeight(140)
        self.timeline = Timeline()
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setAccessibleName("Refresh")
        self.refresh_button.setToolTip("Ask AITasker for this task's latest state (F5)")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.setEnabled(False)
        self.refresh_button.clicked.connect(self.on_refresh_button_clicked)
        self.reuse_button = QPushButton("New brief from this task")
        self.reuse_button.setAccessibleName("New brief from this task")
        self.reuse_button.setToolTip("Start a new draft with this task's brief, to post it again")
        self.reuse_button.setEnabled(False)
        self.reuse_button.clicked.connect(self.on_reuse_button_clicked)

        side = QWidget()
        side_column = QVBoxLayout(side)
        refresh_row = QHBoxLayout()
        refresh_row.addWidget(self.refresh_button)
        refresh_row.addWidget(self.reuse_button)
        refresh_row.addStretch(1)
        for widget in (
            self.title_label,
            self.meta_label,
            self.state_label,
            self.explain_label,
            self.error_label,
            self.actions_panel,
            plain_label("Brief", name="heading"),
            self.brief_view,
            plain_label("Timeline", name="heading"),
            self.timeline,
        ):
            side_column.addWidget(widget)
            if widget is self.meta_label:
                side_column.addLayout(refresh_row)
        side_column.addStretch(1)
        side_scroll = QScrollArea()
        side_scroll.setWidgetResizable(True)
        # Text wraps to the panel's width; only the height scrolls.
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setWidget(side)
        side_scroll.setMinimumWidth(300)

        # The page is re-rendered whenever the task changes: recent previews are kept.
        fetch: Fetch = PreviewCache(downloads.fetch_preview).fetch
        self.gallery_view = BidGalleryView(fetch)
        self.gallery_view.select_requested.connect(self.on_gallery_select_requested)
        self.delivery_view = DeliveryView(fetch)
        self.delivery_view.save_requested.connect(self.on_delivery_save_requested)
        self.delivery_view.stop_requested.connect(downloads.cancel)
        self.waiting_label = plain_label("", name="waiting")
        self.waiting_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QStackedWidget()
        self.content.addWidget(self.waiting_label)
        self.content.addWidget(self.gallery_view)
        self.content.addWidget(self.delivery_view)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(side_scroll)
        split.addWidget(self.content)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 700])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(split)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.on_clock_timeout)

        actions.action_succeeded.connect(self.on_actions_action_succeeded)
        actions.action_failed.connect(self.on_actions_action_failed)
        actions.busy_changed.connect(self.actions_panel.set_busy)
        downloads.progress_changed.connect(self.delivery_view.set_progress)
        downloads.files_saved.connect(self.on_downloads_files_saved)
        downloads.save_failed.connect(self.on_downloads_save_failed)

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
        self.error_label.hide()
        self._render(task)
        self._load_content(task)
        if not task.history or not task.description:
            # A list's copy may leave out the brief and the history: read the whole task.
            self._actions.load_task(task.id, self.on_full_task_loaded, lambda _e: None, owner=self)

    def on_catalog_changed(self, catalog: object) -> None:
        """Name the category and type as the catalog (and the task list) do."""
        self._names = KindNames.from_catalog(catalog if isinstance(catalog, Catalog) else None)
        if self.task is not None:
            self.meta_label.setText(self._meta_text(self.task))

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
        if self.task is None:
            return
        self._actions.load_task(
            self.task.id,
            self.on_task_loaded,
            partial(self.on_content_failed, self.task.id),
            owner=self,
        )

    def on_task_loaded(self, task: Task) -> None:
        if self.task is not None and self.task.id == task.id:
            self._reload(task)
            self.task_updated.emit(task)

    def _reload(self, task: Task) -> None:
        self._render(task)
        self._load_content(task)

    def _render(self, task: Task) -> None:
        self.task = task
        self.refresh_button.setEnabled(True)
        self.reuse_button.setEnabled(True)
        info = describe(task.status)
        self.title_label.setText(trim(task.title.strip(), 300) or "(untitled task)")
        self.meta_label.setText(self._meta_text(task))
        self.state_label.setText(info.label)
        self.explain_label.setText(info.explanation)
        self.brief_view.setPlainText(trim(task.description, 20_000) or "(no brief)")
        self.timeline.show_task(task)
        self.actions_panel.show_task(task, self.gallery)
        self._update_clock()

    def _meta_text(self, task: Task) -> str:
        parts = [kind_text(task, self._names), f"budget {money(task.budget_usd)}"]
        if task.selected_price_usd is not None:
            parts.append(f"chosen price {money(task.selected_price_usd)}")
        return " · ".join(p for p in parts if p)

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
        self.content.setCurrentWidget(self.delivery_view)
        self._update_clock()
        self.delivery_loaded.emit(delivery)

    def on_content_failed(self, task_id: str, exc: BaseException) -> None:
        if self.task is None or self.task.id != task_id:
            return
        if isinstance(exc, NotFoundError):
            self._show_waiting(waiting_text(self.task))
        else:
            self._show_waiting(error_text(exc))

    # -- the time left to decide -----------------------------------------------------------

    def _deadline(self) -> object:
        task = self.task
        if task is None:
            return None
        if task.deadline_at is not None:
            return task.deadline_at
        if task.status == Status.AWAITING_APPROVAL and self.delivery is not None:
            return self.delivery.decide_by
        return None

    def _update_clock(self) -> None:
        task = self.task
        deadline = self._deadline()
        text = ""
        if task is not None and deadline is not None:
            left = countdown(deadline)  # type: ignore[arg-type]
            if task.status in (Status.REVIEW, Status.AWAITING_APPROVAL):
                text = f"Time to decide: {left}."
            elif task.status not in (Status.COMPLETED, Status.CANCELLED, Status.EXPIRED):
                text = f"Next step due: {left}."
        self.actions_panel.deadline_label.setText(text)
        self.actions_panel.deadline_label.setVisible(bool(text))
        running = bool(text) and self.isVisible()
        if running and not self._clock.isActive():
            self._clock.start()
        elif not running:
            self._clock.stop()

    def on_clock_timeout(self) -> None:
        self._update_clock()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_clock()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._clock.stop()

    # -- decisions -------------------------------------------------------------------------

    def on_gallery_select_requested(self, bid: Bid) -> None:
        task = self.task
        if task is not None and self.prompts.confirm(self, *select_question(bid)):
            self._actions.select(task.id, bid.id)

    def on_actions_panel_action_requested(self, name: str, text: str) -> None:
        task = self.task
        action = Action(name)
        if task is None or (action in (Action.REQUEST_REVISION, Action.DISPUTE) and not text):
            return
        question = question_for(action, task, self.gallery)
        if question is not None and not self.prompts.confirm(self, *question):
            return
        run = {
            Action.REMIX: lambda: self._actions.remix(task.id),
            Action.EXTEND_REVIEW: lambda: self._actions.extend_review(task.id),
            Action.CANCEL: lambda: self._actions.cancel(task.id),
            Action.APPROVE: lambda: self._actions.approve(task.id),
            Action.REQUEST_REVISION: lambda: self._actions.request_revision(task.id, text),
            Action.DISPUTE: lambda: self._actions.dispute(task.id, text),
        }.get(action)
        if run is not None:
            run()

    def on_actions_action_succeeded(self, action: str, task: object) -> None:
        if not isinstance(task, Task) or self.task is None or task.id != self.task.id:
            return
        self.error_label.hide()
        if action in (Action.REQUEST_REVISION, Action.DISPUTE):
            self.actions_panel.clear_text(Action(action))
        self._reload(task)  # e.g. an extension changes the gallery, not the state
        self.task_updated.emit(task)

    def on_actions_action_failed(self, action: str, exc: object) -> None:
        if not isinstance(exc, BaseException):
            return
        self.error_label.setText(error_text(exc))
        self.error_label.show()
        title = ACTION_TITLES.get(Action(action), "Action") if action in set(Action) else "Action"
        self.prompts.report_error(self, f"{title} did not go through", exc)

    # -- saving files ----------------------------------------------------------------------

    def on_delivery_save_requested(self, files: list[FileRef]) -> None:
        title = "Save file to folder" if len(files) == 1 else "Save all files to folder"
        folder = self.prompts.pick_folder(self, title)
        if folder is None:
            return
        self.delivery_view.set_saving(True)  # before: the answer may come at once
        if not self._downloads.save(files, Path(folder)):
            self.delivery_view.set_saving(False)
            self.delivery_view.set_save_status("A save is already running; wait for it to finish.")

    def on_downloads_files_saved(self, saved: list[object]) -> None:
        self.delivery_view.set_saving(False)
        names = [safe_filename(getattr(s, "path", Path("file")).name) for s in saved]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        folder = getattr(saved[0], "path", Path(".")).parent if saved else ""
        self.delivery_view.set_save_status(f"Saved {shown} in {folder}.")

    def on_downloads_save_failed(self, exc: object) -> None:
        self.delivery_view.set_saving(False)
        text = error_text(exc) if isinstance(exc, BaseException) else "Saving failed."
        self.delivery_view.set_save_status(text)
