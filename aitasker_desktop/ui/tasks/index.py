"""What the task list keeps of every task: enough to filter, nothing to show.

At 100,000 tasks the list cannot hold Task objects (7 KB each with their briefs), nor ask
SQLite for every keystroke (a substring scan of 100,000 titles takes SQLite ~200 ms here;
Python's `in` over folded strings takes ~10 ms). So each task has a *slot* here: its id,
folded title (no case, no accents: `domain.text.folded`, as the drafts' search has it), a
kind code (its category and type, a few hundred at most) and a status code; the rows on
screen are read from the cache as they are shown (`TaskTableModel`). Slots are only ever
appended or updated; a new world gets a new index.

The cache's title key is that folded title (storage/task_rows.py), and SQL sorts by it: what
a search looks in is what the title order sorts by, taken as SQL hands it over.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import filterfalse

from aitasker_desktop.domain.lifecycle import NEEDS_BUYER, TERMINAL, Status
from aitasker_desktop.domain.text import folded
from aitasker_desktop.services.task_listing import EntryRow, ListEntry, RowOrder
from aitasker_desktop.ui.tasks.wording import KindNames, humanize


class Group:
    """Status groups for the filter chips."""

    ALL = "all"
    NEEDS_YOU = "needs_you"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


def status_group(status: str) -> str:
    if status in NEEDS_BUYER:
        return Group.NEEDS_YOU
    if status in TERMINAL:
        return Group.FINISHED
    return Group.IN_PROGRESS  # moving, disputed, and any status this build does not know


_LOW = -math.inf
_FAR = 1e300  # as task_rows' DEADLINE order has it
SortKey = Callable[[int], tuple[float | str, str]]

# Lifecycle order, so sorting by status reads like the life of a task; unknown ones last.
STATUS_RANK = {str(s): i for i, s in enumerate(Status)}


class TaskIndex:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.slot_of: dict[str, int] = {}
        self.titles: list[str] = []  # folded: what a search looks in and the order sorts by
        self.kinds = array("i")  # per slot, a code into `kind_pairs`
        self.statuses = array("i")  # per slot, a code into `status_names`
        # Per slot, what the orders sort by, as SQL has them (no value: lowest; no window:
        # _FAR), so a change can be put in its place without asking SQL again.
        self.prices = array("d")
        self.deadlines = array("d")
        self.changed = array("d")
        self.kind_pairs: list[tuple[str, str]] = []
        self._kind_code: dict[tuple[str, str], int] = {}
        self.status_names: list[str] = []
        self._status_code: dict[str, int] = {}
        self._status_counts: list[int] = []  # per status code, how many slots have it
        self._kind_texts: list[str] = []  # per kind code, what a search looks in
        self._kind_texts_for: KindNames | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def extend(self, rows: Sequence[EntryRow]) -> None:
        """Add new tasks in bulk, as `TaskListing.entries` reads them (on a worker, while
        this index is being built). Column by column through C (zip, map, array.extend):
        a per-task Python loop would hold the GIL ~30 µs a task and stall the GUI thread."""
        if not rows:
            return
        ids, titles, categories, types, statuses, prices, deadlines, changed = zip(
            *rows, strict=True
        )
        start = len(self.ids)
        self.ids.extend(ids)
        self.slot_of.update(zip(ids, range(start, start + len(ids)), strict=True))
        self.titles.extend(titles)
        self.prices.extend(prices)
        self.deadlines.extend(deadlines)
        self.changed.extend(changed)
        pairs = list(zip(categories, types, strict=True))
        for pair in set(pairs).difference(self._kind_code):
            self._kind(*pair)
        self.kinds.extend(map(self._kind_code.__getitem__, pairs))
        for status in set(statuses).difference(self._status_code):
            self._status(status)
        codes = list(map(self._status_code.__getitem__, statuses))
        self.statuses.extend(codes)
        for code, n in Counter(codes).items():
            self._status_counts[code] += n

    def put(self, entry: ListEntry) -> tuple[int, bool]:
        """Add or update a task; returns its slot and whether it is new."""
        kind = self._kind(entry.category, entry.task_type)
        status = self._status(entry.status)
        slot = self.slot_of.get(entry.id)
        if slot is None:
            slot = len(self.ids)
            self.slot_of[entry.id] = slot
            self.ids.append(entry.id)
            self.titles.append(entry.title_key)
            self.kinds.append(kind)
            self.statuses.append(status)
            self.prices.append(_LOW if entry.price is None else entry.price)
            self.deadlines.append(_FAR if entry.deadline_at is None else entry.deadline_at)
            self.changed.append(_LOW if entry.changed_at is None else entry.changed_at)
            self._status_counts[status] += 1
            return slot, True
        self.titles[slot] = entry.title_key
        self.kinds[slot] = kind
        self.prices[slot] = _LOW if entry.price is None else entry.price
        self.deadlines[slot] = _FAR if entry.deadline_at is None else entry.deadline_at
        self.changed[slot] = _LOW if entry.changed_at is None else entry.changed_at
        self._status_counts[self.statuses[slot]] -= 1
        self._status_counts[status] += 1
        self.statuses[slot] = status
        return slot, False

    def _kind(self, category: str, task_type: str) -> int:
        key = (category, task_type)
        code = self._kind_code.get(key)
        if code is None:
            code = self._kind_code[key] = len(self.kind_pairs)
            self.kind_pairs.append(key)
        return code

    def _status(self, status: str) -> int:
        code = self._status_code.get(status)
        if code is None:
            code = self._status_code[status] = len(self.status_names)
            self.status_names.append(status)
            self._status_counts.append(0)
        return code

    # -- filtering --------------------------------------------------------------------------

    def status_codes(self, group: str) -> set[int]:
        return {c for c, name in enumerate(self.status_names) if status_group(name) == group}

    def kind_codes(self, needle: str, names: KindNames) -> set[int]:
        """The kinds whose slugs, humanized slugs or catalog names contain `needle`."""
        if self._kind_texts_for is not names:
            self._kind_texts = []
            self._kind_texts_for = names
        texts = self._kind_texts
        for category, task_type in self.kind_pairs[len(texts) :]:
            texts.append(_kind_search_text(category, task_type, names))
        return {code for code, text in enumerate(texts) if needle in text}

    def matching(
        self, candidates: Sequence[int], group: str, needle: str, names: KindNames
    ) -> list[int]:
        """The candidate slots (in their order) in `group` whose title or kind holds
        `needle` (folded). Plain comprehensions: Python 3.12's specialised bytecode for
        `needle in titles[s]` beats map() over bound methods (measured: ~2x)."""
        if group == Group.ALL and not needle:
            return list(candidates)
        titles, kinds, statuses = self.titles, self.kinds, self.statuses
        wanted = self.kind_codes(needle, names) if needle else set()
        if group == Group.ALL:
            if not wanted:
                return [s for s in candidates if needle in titles[s]]
            return [s for s in candidates if kinds[s] in wanted or needle in titles[s]]
        in_group = self.status_codes(group)
        if not needle:
            return [s for s in candidates if statuses[s] in in_group]
        return [
            s
            for s in candidates
            if statuses[s] in in_group and (kinds[s] in wanted or needle in titles[s])
        ]

    def group_counts(self) -> dict[str, int]:
        """How many tasks each chip holds (All included)."""
        counts = {Group.ALL: len(self.ids), Group.NEEDS_YOU: 0, Group.IN_PROGRESS: 0}
        counts[Group.FINISHED] = 0
        for code, n in enumerate(self._status_counts):
            counts[status_group(self.status_names[code])] += n
        return counts

    # -- orders ----------------------------------------------------------------------------

    def order_key(self, order: RowOrder) -> SortKey:
        """A slot's key in an SQL order (`RowOrder`): the same values, ties by id."""
        ids = self.ids
        if order is RowOrder.TITLE:
            titles = self.titles
            return lambda s: (titles[s], ids[s])
        if order is RowOrder.PRICE:
            prices = self.prices
            return lambda s: (prices[s], ids[s])
        if order is RowOrder.DEADLINE:
            urgent = {c for c, name in enumerate(self.status_names) if name in NEEDS_BUYER}
            deadlines, statuses = self.deadlines, self.statuses
            return lambda s: (deadlines[s] if statuses[s] in urgent else _FAR, ids[s])
        changed = self.changed
        return lambda s: (changed[s], ids[s])

    def reordered(
        self, order: list[int], moved: Iterable[int], key: SortKey, descending: bool
    ) -> list[int]:
        """`order` (sorted by `key`) with the `moved` slots taken out and put back where
        their keys now go; new slots may be among them. O(n) copying in C plus a binary
        search per moved slot, instead of a new order from SQL (100,000 new id strings)."""
        moving = set(moved)
        rest = list(filterfalse(moving.__contains__, order))
        out: list[int] = []
        start = 0
        for slot in sorted(moving, key=key, reverse=descending):
            at = _position(rest, key(slot), key, descending, start)
            out.extend(rest[start:at])
            out.append(slot)
            start = at
        out.extend(rest[start:])
        return out

    # -- orders that SQL cannot give (names from the catalog, the lifecycle's order) ----------

    def bucketed(
        self, base: Sequence[int], codes: Sequence[int], rank: Sequence[int], descending: bool
    ) -> list[int]:
        """`base` reordered by the rank of each slot's code (`rank[codes[slot]]`: few
        distinct values), equal ranks keeping their order in `base`. A pure-Python pass, so
        a worker running it gives the GIL back to the GUI thread every few milliseconds
        (`sorted` over 100,000 keys would hold it throughout)."""
        buckets: list[list[int]] = [[] for _ in range(max(rank, default=-1) + 1)]
        for slot in base:
            code = codes[slot]
            if code < len(rank):  # a code added after the ranks were made: last
                buckets[rank[code]].append(slot)
            else:
                buckets[-1].append(slot)
        if descending:
            buckets.reverse()
        out: list[int] = []
        for bucket in buckets:
            out.extend(bucket)
        return out


def _position(
    seq: Sequence[int], wanted: tuple[float | str, str], key: SortKey, descending: bool, lo: int
) -> int:
    """Where a slot with key `wanted` goes in `seq` (sorted by `key`), searching from `lo`."""
    hi = len(seq)
    while lo < hi:
        mid = (lo + hi) // 2
        here = key(seq[mid])
        if (here > wanted) if descending else (here < wanted):
            lo = mid + 1
        else:
            hi = mid
    return lo


def _kind_search_text(category: str, task_type: str, names: KindNames) -> str:
    # The slugs as sent and humanized, and the catalog's names as shown: 'blog-post',
    # 'blog post' and 'Writing & Translation' all find it; folded as titles are.
    text = "\n".join(
        (
            category,
            task_type,
            category.replace("-", " "),
            task_type.replace("-", " "),
            humanize(category),
            humanize(task_type),
            names.category(category),
            names.task_type(category, task_type),
        )
    )
    return folded(text)
