from datetime import UTC, datetime

import pytest

from pinterest_ads_mcp.pinterest.times import TimeError, from_unix, parse_date, parse_datetime, to_unix


def test_bare_date_is_utc_midnight_or_end_of_day():
    assert parse_datetime("2026-12-01", field="start").isoformat() == "2026-12-01T00:00:00+00:00"
    assert parse_datetime("2026-12-01", field="end", end_of_day=True).isoformat() == "2026-12-01T23:59:59+00:00"


def test_offsets_are_normalised_to_utc():
    moment = parse_datetime("2026-12-01T09:00:00+02:00", field="start")
    assert moment == datetime(2026, 12, 1, 7, tzinfo=UTC)
    assert parse_datetime("2026-12-01T09:00:00Z", field="start").hour == 9
    assert parse_datetime("2026-12-01T09:00:00", field="start").tzinfo is not None


def test_unix_round_trip():
    moment = parse_datetime("2026-12-01T07:30:00Z", field="s")
    assert from_unix(to_unix(moment)) == "2026-12-01T07:30:00Z"
    assert from_unix(None) is None


@pytest.mark.parametrize("bad", ["", "tomorrow", "2026-13-01", "01/12/2026"])
def test_bad_dates_name_the_field(bad):
    with pytest.raises(TimeError) as err:
        parse_date(bad, field="schedule.start")
    assert "schedule.start" in str(err.value)
