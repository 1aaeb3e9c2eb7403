"""Which message each field of the form shows, and for how long.

A field shows what is wrong with it only once the person has changed it (or tried to post);
the service's answer to the last post stands until its field changes; a remark (a typed pick
that matched nothing) lasts until the next change of any field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

Label = TypeVar("Label")


class FieldMessages:
    def __init__(self) -> None:
        self._touched: set[str] = set()
        self._standing: dict[str, str] = {}  # the service's answer to the last post
        self._notes: dict[str, str] = {}  # remarks, until the next change

    def forget(self) -> None:
        """Another draft is shown: nothing said about the previous one stays."""
        self._touched = set()
        self._standing = {}
        self._notes = {}

    def changed(self, fields: Iterable[str]) -> None:
        for field in fields:
            self._touched.add(field)
            self._standing.pop(field, None)
        self._notes.clear()

    def remark(self, field: str, message: str) -> None:
        self._notes[field] = message
        self._touched.add(field)

    def touch(self, fields: Iterable[str], server_errors: Mapping[str, str] | None) -> None:
        self._touched.update(fields)
        self._standing = dict(server_errors or {})

    def texts(
        self,
        problems: Mapping[str, str],
        labels: Mapping[str, Label],
        always: Mapping[str, str] | None = None,
    ) -> list[tuple[Label, str]]:
        """What each of `labels` (by field) shows, given the rules' `problems` (by field).

        `always` is said whether or not the field was changed (what the server cannot take).
        """
        always = always or {}
        said = {**problems, **self._standing, **self._notes}
        # One label may serve several fields (the advanced ones): join, never overwrite.
        shown: dict[int, tuple[Label, list[str]]] = {}
        for field, label in labels.items():
            texts = shown.setdefault(id(label), (label, []))[1]
            if field in always:
                texts.append(always[field])
            if field in self._touched and said.get(field):
                texts.append(said[field])
        return [(label, " ".join(dict.fromkeys(texts))) for label, texts in shown.values()]
