from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from icalendar import Calendar

from akkopsi.coordination import ics
from akkopsi.coordination.tests.factories import make_meeting

STAMP = datetime(2015, 5, 1, 8, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_meeting_ics_and_feed(client: Any, members: Any) -> None:
    meeting = make_meeting(title="Rakor, Balikpapan; 2015", host=members["6471"])
    make_meeting(title="Rahasia", published=False, day=date(2015, 6, 1))
    response = client.get(f"/organisasi/rapat/{meeting.pk}/rapat.ics")
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "SUMMARY:Rakor\\, Balikpapan\\; 2015\r\n" in text
    assert "DTSTART:20150519T010000Z\r\n" in text  # 09:00 WITA
    assert text.endswith("END:VCALENDAR\r\n")
    feed = client.get("/organisasi/rapat/kalender.ics").content.decode()
    assert feed.count("BEGIN:VEVENT") == 1 and "Rahasia" not in feed


@pytest.mark.django_db
def test_the_calendar_parses_back_to_the_meetings_data(members: Any) -> None:
    summary = "Sanitasi aman – " * 20 + "\nBaris kedua, dengan; tanda baca\\"
    meeting = make_meeting(title="Rakor, Balikpapan; 2015", host=members["6471"], summary=summary)
    text = ics.calendar(
        [(meeting, "https://akkopsi.test/rapat/1/")], name="Rapat; A, B", stamp=STAMP
    )
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)  # folded at 75 octets
    parsed = Calendar.from_ical(text)
    assert str(parsed["VERSION"]) == "2.0" and str(parsed["PRODID"]) == ics.PRODID
    assert str(parsed["METHOD"]) == "PUBLISH"
    (event,) = parsed.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@akkopsi"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert event.decoded("DTSTART").tzinfo is not None
    assert event.decoded("DTSTAMP") == STAMP
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["LOCATION"]) == meeting.place == "Balikpapan, Kota Balikpapan"
    assert str(event["DESCRIPTION"]) == summary
    assert str(event["URL"]) == "https://akkopsi.test/rapat/1/"


@pytest.mark.django_db
def test_unpublished_meetings_keep_their_summary_out_of_the_calendar() -> None:
    meeting = make_meeting(published=False, summary="Rahasia", venue="")
    (event,) = Calendar.from_ical(ics.calendar([(meeting, "")], name="x", stamp=STAMP)).walk(
        "VEVENT"
    )
    assert "DESCRIPTION" not in event and "LOCATION" not in event and "URL" not in event
