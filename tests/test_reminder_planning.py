"""The pure planner: lead times in Oslo calendar days, digests, preferences, lateness."""

from datetime import date, datetime, timedelta, timezone

from advocacy.clock import OSLO
from advocacy.notify.planning import DeadlineItem, Person, current_lead, plan

LEADS = (14, 7, 2, 0)
KARI = Person(1, "kari@example.no", "Kari")
OLA = Person(2, "ola@example.no", "Ola")


def at(day: date, hour=7, minute=0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)


def deadline(day: date, hour=23, minute=59) -> datetime:
    return at(day, hour, minute)


def item(name="hearing:1", when=None, recipients=(KARI,), leads=LEADS, **kw) -> DeadlineItem:
    return DeadlineItem(item=name, title=kw.pop("title", name), deadline_at=when, leads=leads,
                        recipients=tuple(recipients), **kw)


def test_each_lead_is_due_on_its_day_counted_in_oslo_calendar_days():
    d = deadline(date(2027, 1, 15))
    assert current_lead(d, LEADS, at(date(2026, 12, 31))) is None  # 15 days before
    assert current_lead(d, LEADS, at(date(2027, 1, 1))) == 14
    assert current_lead(d, LEADS, at(date(2027, 1, 7))) == 14
    assert current_lead(d, LEADS, at(date(2027, 1, 8))) == 7
    assert current_lead(d, LEADS, at(date(2027, 1, 13))) == 2
    assert current_lead(d, LEADS, at(date(2027, 1, 15))) == 0


def test_late_evening_utc_counts_as_the_next_oslo_day():
    d = deadline(date(2027, 1, 15))
    # 23:30 UTC on 7 January is 00:30 on 8 January in Oslo: seven days before.
    assert current_lead(d, LEADS, datetime(2027, 1, 7, 23, 30, tzinfo=timezone.utc)) == 7


def test_leads_across_the_switch_to_summer_time():
    # Deadline Friday 2 April 2027 12:00; summer time starts 28 March.
    d = deadline(date(2027, 4, 2), 12, 0)
    assert current_lead(d, LEADS, at(date(2027, 3, 26), 0, 5)) == 7
    assert current_lead(d, LEADS, at(date(2027, 3, 25), 23, 55)) == 14


def test_passed_deadline_gets_only_the_day_itself_zero_reminder():
    d = deadline(date(2027, 1, 15), 12, 0)
    assert current_lead(d, LEADS, at(date(2027, 1, 15), 13)) == 0
    assert current_lead(d, LEADS, at(date(2027, 1, 16), 7)) is None
    assert current_lead(d, (14, 7), at(date(2027, 1, 15), 13)) is None


def test_one_digest_per_recipient_soonest_first():
    later = item("hearing:1", deadline(date(2027, 1, 20)), (KARI, OLA), title="Senere")
    sooner = item("milestone:5", deadline(date(2027, 1, 10)), (KARI,), leads=(3, 1, 0),
                  title="Tidligere")
    result = plan(at(date(2027, 1, 9)), [later, sooner])
    assert [d.deadline.title for d in result.digests[1]] == ["Tidligere", "Senere"]
    assert [d.deadline.title for d in result.digests[2]] == ["Senere"]
    assert result.digests[1][0].lead == 1 and result.digests[1][0].days_left == 1


def test_a_recipient_listed_twice_gets_one_reminder():
    result = plan(at(date(2027, 1, 8)), [item(when=deadline(date(2027, 1, 15)),
                                              recipients=(KARI, KARI))])
    assert len(result.digests[1]) == 1


def test_weekly_digests_go_on_mondays_and_off_means_none():
    weekly = Person(3, "uke@example.no", "Uke", frequency="weekly")
    off = Person(4, "av@example.no", "Av", frequency="off")
    deadlines = [item(when=deadline(date(2027, 1, 15)), recipients=(weekly, off))]
    assert plan(at(date(2027, 1, 8)), deadlines).digests == {}  # a Friday
    monday = plan(at(date(2027, 1, 11)), deadlines)
    assert list(monday.digests) == [3]


def test_muted_hearings_and_their_milestones_are_not_reminded():
    muted = Person(5, "m@example.no", "M", muted=frozenset({"hearing:1"}))
    deadlines = [item("hearing:1", deadline(date(2027, 1, 15)), (muted,)),
                 item("milestone:9", deadline(date(2027, 1, 10)), (muted,), leads=(3, 1, 0),
                      muted_by=("hearing:1",)),
                 item("hearing:2", deadline(date(2027, 1, 15)), (muted,))]
    result = plan(at(date(2027, 1, 9)), deadlines)
    assert [d.deadline.item for d in result.digests[5]] == ["hearing:2"]


def test_deactivated_or_addressless_recipients_are_skipped_with_a_reason():
    gone = Person(6, "borte@example.no", "Borte", is_active=False)
    nomail = Person(7, "", "Uten e-post")
    result = plan(at(date(2027, 1, 8)), [item(when=deadline(date(2027, 1, 15)),
                                              recipients=(gone, nomail))])
    assert result.digests == {}
    assert ("Borte", "kontoen er deaktivert") in result.skipped
    assert ("Uten e-post", "mangler e-postadresse") in result.skipped


def test_keys_change_when_the_deadline_moves():
    d1 = item(when=deadline(date(2027, 1, 15)))
    d2 = item(when=deadline(date(2027, 1, 16)))
    now = at(date(2027, 1, 8))
    [first] = plan(now, [d1]).digests[1]
    [second] = plan(now, [d2]).digests[1]
    assert first.key != second.key
    assert first.key == plan(now + timedelta(hours=3), [d1]).digests[1][0].key
