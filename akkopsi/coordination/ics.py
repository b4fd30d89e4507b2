"""iCalendar (RFC 5545) text for meetings, written by hand: escaping, UTC times, line folding."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from akkopsi.coordination.models import Meeting

PRODID = "-//AKKOPSI//Akkopsi Platform//ID"


def escape(text: str) -> str:
    """TEXT escaping of RFC 5545 section 3.3.11."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (UTF-8), never inside a multi-byte character."""
    out: list[str] = []
    current = b""
    limit = 75
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > limit:
            out.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with one space
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(meeting: Meeting, url: str, stamp: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@akkopsi",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{escape(meeting.title)}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape(meeting.place)}")
    if meeting.published and meeting.summary:
        lines.append(f"DESCRIPTION:{escape(meeting.summary)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[tuple[Meeting, str]], *, name: str, stamp: datetime) -> str:
    """A VCALENDAR of (meeting, absolute url) pairs, CRLF line ends as the RFC requires."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for meeting, url in meetings:
        lines.extend(_event(meeting, url, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
