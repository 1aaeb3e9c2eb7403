"""An amount of money as a person types it, read without guessing, and written back.

The separators are the person's locale's (the caller passes them): "1,250.50" in English,
"1.250,50" in German. A group separator is read only where it groups thousands (1,250 and
100,000). In an odd place ("12,50", "1,25") it is not read at all: "12,50" is $12.50 to
someone used to a decimal comma and $1,250 to someone who slipped, and either reading, taken
silently, puts a plausible but wrong amount into a brief. Such text is `unclear`: it holds no
amount and says why, so the person writes it again; it is never refused key by key, since
"12,5" is on the way to "12,500". The same goes for more than two digits of cents, a minus
sign and an amount beyond any budget. Only a character that can be no part of an amount (a
letter, a second decimal point) is refused, as a key the box does not take.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

# Twelve digits of dollars: beyond any budget, and every cent of it exact in a float.
AMOUNT_MAX = Decimal("999999999999.99")
_SPACES = " \u00a0\u202f"  # what people type, or paste, for a space that groups thousands
_DIGITS = re.compile(r"\d*")


class Unclear(Enum):
    """Why typed text holds no amount."""

    GROUPING = "grouping"  # "12,50", "1,25", "1,": a group separator that groups no thousands
    CENTS = "cents"  # "12.345": more than cents
    INCOMPLETE = "incomplete"  # "." alone
    NEGATIVE = "negative"  # "-5"
    TOO_LARGE = "too large"


@dataclass(frozen=True)
class AmountReading:
    """What typed text says: an amount, nothing (empty), or `unclear` and why."""

    amount: Decimal | None = None
    unclear: Unclear | None = None


def read_amount(text: str, *, point: str = ".", group: str = ",") -> AmountReading | None:
    """`text` read as dollars and cents with the locale's decimal `point` and thousands
    `group` separator; None when it holds a character no amount has (a key to refuse).

    Spaces around it and one "$" before it are allowed ("$12", " 25 "); so is any script's
    decimal digits.
    """
    body = text.strip(_SPACES + "\t").removeprefix("$").lstrip(_SPACES)
    negative = body.startswith(("-", "\u2212"))
    body = body[1:] if negative else body
    if group.isspace():
        body = body.translate({ord(c): group for c in _SPACES})
    whole, _point, cents = body.partition(point)
    digits = whole.replace(group, "")
    if not _all_digits(digits) or not _all_digits(cents) or point in cents:
        return None
    if not body:
        return AmountReading(unclear=Unclear.NEGATIVE if negative else None)
    if not digits and not cents:
        return AmountReading(unclear=Unclear.INCOMPLETE)
    if group in whole and not _grouped_in_thousands(whole.split(group)):
        return AmountReading(unclear=Unclear.GROUPING)
    if len(cents) > 2:
        return AmountReading(unclear=Unclear.CENTS)
    if negative:
        return AmountReading(unclear=Unclear.NEGATIVE)
    amount = Decimal(f"{_ascii(digits) or 0}.{_ascii(cents) or 0}")
    if amount > AMOUNT_MAX:
        return AmountReading(unclear=Unclear.TOO_LARGE)
    return AmountReading(amount=amount)


def amount_text(amount: Decimal | float, *, point: str = ".", group: str = ",") -> str:
    """`amount` with cents, grouped in thousands: '1,250.50'; what `read_amount` reads back."""
    plain = f"{Decimal(str(amount)):,.2f}"
    return plain.translate({ord(","): group, ord("."): point})


def unclear_message(text: str, unclear: Unclear, *, point: str = ".", group: str = ",") -> str:
    """What to say beside the box about `text` that holds no amount, in plain words."""
    if unclear is Unclear.NEGATIVE:
        return "A budget cannot be less than zero."
    shown = _quoted(text)
    if unclear is Unclear.TOO_LARGE:
        return f"{shown} is more than any budget can be."
    examples = f"12{point}50 or 1{group}250{point}00"
    return f"{shown} is not clear as an amount: write dollars and cents, like {examples}."


def _grouped_in_thousands(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _all_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


def _ascii(digits: str) -> str:
    return "".join(str(unicodedata.decimal(d)) for d in digits)


def _quoted(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"
