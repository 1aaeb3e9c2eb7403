"""Money, dates, times, durations, counts and sizes for people: one place, on QLocale.

Every function reads the person's locale (`QLocale()`, the system's unless a test set
another with `QLocale.setDefault`), so the same amount never reads three ways: $1,234.50 in
en_US, 1.234,50 $ in de_DE. The words around the numbers are English, as the whole app is.

Amounts are US dollars (AITasker bills in USD), always with cents. A value a server sent
may be missing, NaN or infinite: each function still returns something to show.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QLocale

from aitasker_desktop.domain.task import Balance

MISSING = "—"
UNREADABLE = "?"


def _locale() -> QLocale:
    """The person's locale; US English where the system names none (LANG=C), whose own
    conventions ('8.50$') no person uses."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def money(value: float | None, *, missing: str = MISSING) -> str:
    """'$25.00', '-$3.50' (en_US); '25,00 $', '-3,50 $' (de_DE)."""
    if value is None:
        return missing
    if not _finite(value):
        return UNREADABLE
    locale = _locale()
    text = locale.toCurrencyString(abs(float(value)), "$", 2)
    return locale.negativeSign() + text if value < 0 else text


def balance(value: Balance | None) -> str:
    """What can be spent now (the balance minus holds), as every payment message says it:
    'Can spend now: $480.00 (balance $500.00, $20.00 held)'; a dash while unknown."""
    if value is None:
        return f"Can spend now: {MISSING}"
    text = f"Can spend now: {money(value.available_usd)}"
    if value.held_usd:
        text += f" (balance {money(value.balance_usd)}, {money(value.held_usd)} held)"
    return text


def count(n: int) -> str:
    """'10,000' (en_US), '10.000' (de_DE)."""
    return _locale().toString(int(n))


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """'1 task', '10,000 tasks'."""
    return f"{count(n)} {noun if n == 1 else (plural or noun + 's')}"


def decimal(value: float, places: int) -> str:
    return _locale().toString(float(value), "f", places)


def size(n: int | None) -> str:
    """A file size: '1.5 kB', '120 bytes'; 'size unknown' when there is none."""
    if n is None or n < 0:
        return "size unknown"
    if n < 1000:
        return count_of(n, "byte")
    return _locale().formattedDataSize(n, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def _local(moment: datetime) -> QDateTime:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return QDateTime.fromMSecsSinceEpoch(int(aware.timestamp() * 1000))


def date(moment: datetime) -> str:
    """The day in the person's short format: '3/5/26', '05.03.26'."""
    return _locale().toString(_local(moment).date(), QLocale.FormatType.ShortFormat)


def time(moment: datetime) -> str:
    """The time of day in the person's format: '2:03 PM', '14:03'."""
    return _locale().toString(_local(moment).time(), QLocale.FormatType.ShortFormat)


def date_time(moment: datetime | None) -> str:
    if moment is None:
        return "time unknown"
    return f"{date(moment)} {time(moment)}"


def moment_text(moment: datetime | None, now: datetime) -> str:
    """Short, for a list: the time today, else the date and time (the date alone when it
    is from another year)."""
    if moment is None:
        return MISSING
    local, local_now = _local(moment), _local(now)
    if local.date() == local_now.date():
        return time(moment)
    if local.date().year() == local_now.date().year():
        return date_time(moment)
    return date(moment)


def duration(seconds: float) -> str:
    """'45 s', '12 min', '2 h 5 min', '3 days 4 h': the two largest units, whole numbers."""
    left = max(0, int(seconds))
    days, rest = divmod(left, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = count_of(days, "day")
        return f"{text} {count(hours)} h" if hours else text
    if hours:
        return f"{count(hours)} h {count(minutes)} min" if minutes else f"{count(hours)} h"
    if minutes:
        return f"{count(minutes)} min"
    return f"{count(secs)} s"


def ago(moment: datetime, now: datetime) -> str:
    """'just now', '5 minutes ago', '1 hour ago', 'yesterday', '3 days ago', then the date."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    seconds = (now - aware).total_seconds()
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{count_of(minutes, 'minute')} ago"
    hours = minutes // 60
    if hours < 24:
        return f"{count_of(hours, 'hour')} ago"
    days = hours // 24
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{count(days)} days ago"
    return date(aware)
