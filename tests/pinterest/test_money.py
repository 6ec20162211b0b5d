from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinterest_ads_mcp.pinterest.money import (
    MoneyError,
    format_amount,
    from_micro,
    micro_to_str,
    parse_amount,
    to_micro,
)


@pytest.mark.parametrize(
    ("raw", "currency", "micro"),
    [("30", "USD", 30_000_000), ("30.00", "USD", 30_000_000), ("0.01", "USD", 10_000), (12.5, "EUR", 12_500_000),
     ("3000", "JPY", 3_000_000_000), (0.1, "USD", 100_000)],
)
def test_amounts_convert_exactly(raw, currency, micro):
    assert to_micro(parse_amount(raw, field="budget.amount", currency=currency)) == micro


@pytest.mark.parametrize(
    ("raw", "currency", "words"),
    [("-5", "USD", "negative"), ("0", "USD", "greater than zero"), ("30.005", "USD", "finer"),
     ("30.0000001", "USD", "finer"), ("10.5", "JPY", "finer"), ("abc", "USD", "not an amount"),
     ("NaN", "USD", "finite"), ("100000000", "USD", "sanity limit"), ("1e30", "USD", "sanity limit"), (1e30, "EUR", "sanity limit"), (True, "USD", "boolean")],
)
def test_bad_amounts_name_the_field_and_rule(raw, currency, words):
    with pytest.raises(MoneyError) as err:
        parse_amount(raw, field="budget.amount", currency=currency)
    assert "budget.amount" in str(err.value)
    assert words in str(err.value)


def test_zero_allowed_when_asked():
    assert parse_amount("0", field="x", currency="USD", allow_zero=True) == 0


def test_display_uses_currency_minor_units():
    assert micro_to_str(30_000_000, "USD") == "30.00"
    assert micro_to_str(3_000_000_000, "JPY") == "3000"
    assert micro_to_str("1234567", "USD") == "1.2346"  # sub-cent averages keep 4 places
    assert micro_to_str(None, "USD") is None
    assert from_micro("") is None


@given(st.integers(min_value=1, max_value=10_000_000_00))
def test_cents_round_trip(cents):
    amount = Decimal(cents) / 100
    text = format_amount(amount, "USD")
    assert from_micro(to_micro(parse_amount(text, field="a", currency="USD"))) == amount
