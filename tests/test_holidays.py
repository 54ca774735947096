"""Norwegian public holidays: Easter and the days derived from it, weekends, coincidences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from advocacy.hearings.holidays import easter_sunday, holidays, non_working_reason


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2030, date(2030, 4, 21)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_easter_is_always_a_sunday_between_22_march_and_25_april():
    for year in range(1900, 2201):
        easter = easter_sunday(year)
        assert easter.weekday() == 6, year
        assert date(year, 3, 22) <= easter <= date(year, 4, 25), year


def test_holidays_2025():
    assert holidays(2025) == {
        date(2025, 1, 1): "Første nyttårsdag",
        date(2025, 4, 17): "Skjærtorsdag",
        date(2025, 4, 18): "Langfredag",
        date(2025, 4, 20): "Første påskedag",
        date(2025, 4, 21): "Andre påskedag",
        date(2025, 5, 1): "Arbeidernes dag",
        date(2025, 5, 17): "Grunnlovsdag",
        date(2025, 5, 29): "Kristi himmelfartsdag",
        date(2025, 6, 8): "Første pinsedag",
        date(2025, 6, 9): "Andre pinsedag",
        date(2025, 12, 25): "Første juledag",
        date(2025, 12, 26): "Andre juledag",
    }


@pytest.mark.parametrize(
    ("year", "ascension", "whit_sunday", "whit_monday", "maundy_thursday"),
    [
        (2024, date(2024, 5, 9), date(2024, 5, 19), date(2024, 5, 20), date(2024, 3, 28)),
        (2026, date(2026, 5, 14), date(2026, 5, 24), date(2026, 5, 25), date(2026, 4, 2)),
        (2027, date(2027, 5, 6), date(2027, 5, 16), date(2027, 5, 17), date(2027, 3, 25)),
        (2030, date(2030, 5, 30), date(2030, 6, 9), date(2030, 6, 10), date(2030, 4, 18)),
    ],
)
def test_days_derived_from_easter(year, ascension, whit_sunday, whit_monday, maundy_thursday):
    days = holidays(year)
    assert days[ascension] == "Kristi himmelfartsdag"
    assert ascension.weekday() == 3
    assert days[whit_sunday] == "Første pinsedag"
    assert maundy_thursday in days and days[maundy_thursday] == "Skjærtorsdag"
    assert days[maundy_thursday + timedelta(days=1)] == "Langfredag"
    # 17 May 2027 is also Whit Monday: one day, both names.
    expected_monday = "Grunnlovsdag og Andre pinsedag" if year == 2027 else "Andre pinsedag"
    assert days[whit_monday] == expected_monday


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2028, 2030])
def test_twelve_holidays_in_an_ordinary_year(year):
    assert len(holidays(year)) == 12


def test_coinciding_holidays_are_named_together():
    assert holidays(2008)[date(2008, 5, 1)] == "Arbeidernes dag og Kristi himmelfartsdag"
    assert holidays(2012)[date(2012, 5, 17)] == "Grunnlovsdag og Kristi himmelfartsdag"
    assert len(holidays(2012)) == 11


def test_holidays_returns_a_copy_the_caller_may_change():
    days = holidays(2026)
    days.clear()
    assert len(holidays(2026)) == 12


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2025, 11, 22), "lørdag"),
        (date(2025, 11, 23), "søndag"),
        (date(2025, 11, 24), None),
        (date(2024, 5, 17), "Grunnlovsdag"),  # a Friday
        (date(2025, 5, 17), "Grunnlovsdag"),  # a Saturday: the holiday's name wins
        (date(2026, 5, 17), "Grunnlovsdag"),  # a Sunday
        (date(2026, 4, 3), "Langfredag"),
        (date(2026, 4, 6), "Andre påskedag"),
        (date(2025, 12, 26), "Andre juledag"),
        (date(2025, 12, 24), None),  # julaften is a working day by law
        (date(2025, 8, 15), None),  # NOU 2025: 3's deadline, a Friday
        (date(2024, 6, 12), None),  # the SPR hearing's deadline, a Wednesday
    ],
)
def test_non_working_reason(day, reason):
    assert non_working_reason(day) == reason
