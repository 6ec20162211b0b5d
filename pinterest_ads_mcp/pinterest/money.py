"""The one place money is converted.

Pinterest counts money in micro-units of the ad account's currency (1 unit = 1,000,000 micro).
People and models speak in currency units ("30.00 USD"). Every conversion in either direction
goes through this module, so a rounding rule or a precision check lives in exactly one place.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

MICROS_PER_UNIT = 1_000_000

# ISO 4217 minor units for the currencies Pinterest ad accounts can use (enum `Currency`).
# A budget finer than the currency's smallest coin cannot be charged, so it is refused.
_MINOR_UNITS: dict[str, int] = {"JPY": 0, "KRW": 0, "CLP": 0, "HUF": 2, "ISK": 0}
_DEFAULT_MINOR_UNITS = 2

# No single campaign or ad group budget is plausibly above this many currency units; a larger
# number is almost always a unit mix-up (micro-units typed as units), so it is refused.
MAX_AMOUNT_UNITS = Decimal(10000000)


class MoneyError(ValueError):
    """An amount that cannot be sent to Pinterest; the message names the field and the rule."""


def minor_units(currency: str) -> int:
    """Decimal places a currency allows (USD 2, JPY 0)."""
    return _MINOR_UNITS.get(currency.upper(), _DEFAULT_MINOR_UNITS)


def parse_amount(value: object, *, field: str, currency: str, allow_zero: bool = False) -> Decimal:
    """Read an amount given in currency units and check it can be a real budget.

    Accepts strings ("30", "30.00") and numbers; floats are read through their shortest repr so
    that 0.1 stays 0.1. Refuses negatives, zero (unless allowed), amounts finer than the
    currency's minor unit and absurdly large values.
    """
    if isinstance(value, bool):
        raise MoneyError(f"{field}: expected an amount such as \"30.00\", got a boolean")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise MoneyError(f"{field}: {value!r} is not an amount; use a decimal string such as \"30.00\"") from None
    if not amount.is_finite():
        raise MoneyError(f"{field}: amount must be a finite number")
    if amount < 0:
        raise MoneyError(f"{field}: amount must not be negative (got {amount})")
    if amount == 0 and not allow_zero:
        raise MoneyError(f"{field}: amount must be greater than zero")
    # The size check comes first: quantizing a huge number (1e30) exceeds Decimal's precision.
    if amount > MAX_AMOUNT_UNITS:
        raise MoneyError(f"{field}: {amount} {currency} is above the {MAX_AMOUNT_UNITS} {currency} sanity limit")
    places = minor_units(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN):
        raise MoneyError(
            f"{field}: {amount} {currency} is finer than the currency allows "
            f"({places} decimal place{'s' if places != 1 else ''} at most)"
        )
    return amount


def to_micro(amount: Decimal) -> int:
    """Currency units -> Pinterest micro-units (exact: amounts were checked by parse_amount)."""
    micro = amount * MICROS_PER_UNIT
    if micro != micro.to_integral_value():
        raise MoneyError(f"{amount} is finer than one micro-unit")
    return int(micro)


def from_micro(micro: int | str | None) -> Decimal | None:
    """Pinterest micro-units (int, or the numeric strings some fields use) -> currency units."""
    if micro is None or micro == "":
        return None
    return Decimal(int(micro)) / MICROS_PER_UNIT


def format_amount(amount: Decimal, currency: str) -> str:
    """A currency-unit amount as the string results carry ("30.00"; JPY "3000")."""
    places = minor_units(currency)
    quantum = Decimal(1).scaleb(-places)
    if amount == amount.quantize(quantum, rounding=ROUND_HALF_EVEN):
        return str(amount.quantize(quantum))
    # Analytics can produce sub-cent averages (a CPC of 0.4567); keep up to 4 places there.
    return str(amount.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN).normalize())


def micro_to_str(micro: int | str | None, currency: str) -> str | None:
    """Micro-units straight to the display string, for results."""
    amount = from_micro(micro)
    return None if amount is None else format_amount(amount, currency)
