"""Amounts as people type them: read only when there is one reading, written back the same."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aitasker_desktop.domain.amount_text import (
    AMOUNT_MAX,
    AmountReading,
    Unclear,
    amount_text,
    read_amount,
    unclear_message,
)

ENGLISH = {"point": ".", "group": ","}
GERMAN = {"point": ",", "group": "."}
FRENCH = {"point": ",", "group": "\u202f"}


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,250.50", "1250.50"),
        ("1250.50", "1250.50"),
        ("100,000", "100000"),
        ("12.5", "12.5"),
        ("0.99", "0.99"),
        ("$12", "12"),
        ("$ 12.50", "12.50"),
        (" 25 ", "25"),
        ("25.", "25"),
        (".5", "0.5"),
        ("1,234,567.00", "1234567"),
        ("١٢٫٥".replace("٫", "."), "12.5"),  # Arabic-Indic digits
    ],
)
def test_amounts_in_english(typed: str, amount: str) -> None:
    assert read_amount(typed, **ENGLISH) == AmountReading(amount=Decimal(amount))


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("12,50", Unclear.GROUPING),  # $12.50 to some, $1,250 to others: neither is taken
        ("1,25", Unclear.GROUPING),
        ("1,", Unclear.GROUPING),
        ("1,2345", Unclear.GROUPING),
        ("1234,567", Unclear.GROUPING),
        ("12.345", Unclear.CENTS),
        ("0.001", Unclear.CENTS),
        (".", Unclear.INCOMPLETE),
        ("-", Unclear.NEGATIVE),
        ("-5", Unclear.NEGATIVE),
        ("1000000000000", Unclear.TOO_LARGE),
    ],
)
def test_text_with_no_single_reading_holds_no_amount(typed: str, why: Unclear) -> None:
    assert read_amount(typed, **ENGLISH) == AmountReading(unclear=why)


@pytest.mark.parametrize("typed", ["12a", "1e3", "25 USD", "1.2.3", "1.5,0", "€20", "1 250"])
def test_what_no_amount_has_is_refused(typed: str) -> None:
    assert read_amount(typed, **ENGLISH) is None


def test_the_locale_says_which_separator_is_which() -> None:
    assert read_amount("12,50", **GERMAN) == AmountReading(amount=Decimal("12.50"))
    assert read_amount("1.250,50", **GERMAN) == AmountReading(amount=Decimal("1250.50"))
    assert read_amount("12.50", **GERMAN) == AmountReading(unclear=Unclear.GROUPING)
    # A space for a group separator, whichever space was typed or pasted.
    assert read_amount("1 250,5", **FRENCH) == AmountReading(amount=Decimal("1250.5"))
    assert read_amount("1\u00a0250", **FRENCH) == AmountReading(amount=Decimal("1250"))


def test_empty_is_no_amount_and_nothing_unclear() -> None:
    assert read_amount("", **ENGLISH) == AmountReading()
    assert read_amount(" $ ", **ENGLISH) == AmountReading()


def test_amounts_are_written_with_cents_and_thousands() -> None:
    assert amount_text(Decimal("1250.5"), **ENGLISH) == "1,250.50"
    assert amount_text(1250.5, **GERMAN) == "1.250,50"
    assert amount_text(0.99, **FRENCH) == "0,99"
    assert amount_text(AMOUNT_MAX, **ENGLISH) == "999,999,999,999.99"


def test_unclear_text_is_explained_in_the_locales_own_way() -> None:
    assert unclear_message("12,50", Unclear.GROUPING, **ENGLISH) == (
        "“12,50” is not clear as an amount: write dollars and cents, like 12.50 or 1,250.00."
    )
    assert "12,50 or 1.250,00" in unclear_message("12.50", Unclear.GROUPING, **GERMAN)
    assert unclear_message("-5", Unclear.NEGATIVE) == "A budget cannot be less than zero."
    assert "…" in unclear_message("9" * 40, Unclear.TOO_LARGE)


LOCALES = st.sampled_from([ENGLISH, GERMAN, FRENCH])
CENTS = st.integers(min_value=0, max_value=int(AMOUNT_MAX * 100))


@given(cents=CENTS, separators=LOCALES)
def test_what_is_written_reads_back_as_the_same_amount(
    cents: int, separators: dict[str, str]
) -> None:
    amount = Decimal(cents) / 100
    assert read_amount(amount_text(amount, **separators), **separators) == AmountReading(
        amount=amount
    )


@given(text=st.text(alphabet="0123456789.,$- ", max_size=16), separators=LOCALES)
def test_any_text_has_one_reading_or_none(text: str, separators: dict[str, str]) -> None:
    """Whatever is typed: refused, empty, unclear, or exactly one amount within range."""
    reading = read_amount(text, **separators)
    if reading is None or reading.amount is None:
        return
    assert reading.unclear is None
    assert Decimal(0) <= reading.amount <= AMOUNT_MAX
    assert reading.amount == reading.amount.quantize(Decimal("0.01"))
    # Every prefix of an amount typed key by key is taken by the box (never refused).
    for end in range(len(text)):
        assert read_amount(text[:end], **separators) is not None
