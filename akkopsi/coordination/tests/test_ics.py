from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from akkopsi.coordination import ics
from akkopsi.coordination.tests.factories import make_meeting


def test_escape_follows_rfc_5545() -> None:
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_fold_keeps_lines_within_75_octets_and_unfolds_to_the_original() -> None:
    line = "DESCRIPTION:" + "Sanitasi aman – " * 20
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line


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


def test_calendar_stamp_is_utc() -> None:
    assert ics._utc(datetime(2015, 5, 19, 1, 0, tzinfo=UTC)) == "20150519T010000Z"
