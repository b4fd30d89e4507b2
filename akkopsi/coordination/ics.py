"""iCalendar (RFC 5545) for meetings, written with the ``icalendar`` package.

Times are written in UTC (``...Z``): every calendar client converts them to its own zone, and
a meeting in Balikpapan (WITA) and one in Jayapura (WIT) need no VTIMEZONE blocks. Escaping,
line folding at 75 octets and CRLF line ends are the package's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar, Event, vText

from akkopsi.coordination.models import Meeting

PRODID = "-//AKKOPSI//Akkopsi Platform//ID"


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@akkopsi"


def event(meeting: Meeting, url: str, stamp: datetime) -> Event:
    """One VEVENT: the summary of a meeting only where it is published."""
    vevent = Event()
    vevent.add("uid", uid(meeting))
    vevent.add("dtstamp", stamp.astimezone(UTC))
    vevent.add("dtstart", meeting.starts_at.astimezone(UTC))
    vevent.add("dtend", meeting.ends_at.astimezone(UTC))
    vevent.add("summary", meeting.title)
    if meeting.place:
        vevent.add("location", meeting.place)
    if meeting.published and meeting.summary:
        vevent.add("description", meeting.summary)
    if url:
        vevent.add("url", url)
    return vevent


def calendar(meetings: Iterable[tuple[Meeting, str]], *, name: str, stamp: datetime) -> str:
    """A VCALENDAR of (meeting, absolute url) pairs, CRLF line ends as the RFC requires."""
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))  # an X- property: TEXT escaping made explicit
    for meeting, url in meetings:
        cal.add_component(event(meeting, url, stamp))
    return cal.to_ical().decode("utf-8")
