"""Small builders for coordination tests (plain functions; the records are few and explicit)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from akkopsi.coordination import services
from akkopsi.coordination.models import Meeting, MeetingKind, Summit

WITA = ZoneInfo("Asia/Makassar")


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), WITA)


def make_meeting(
    *, day: date = date(2015, 5, 19), attending: Any = (), published: bool = True, **extra: Any
) -> Meeting:
    fields: dict[str, Any] = {
        "kind": MeetingKind.RAKOR,
        "title": "Rapat Koordinasi Pokja AKKOPSI",
        "starts_at": at(day, 9),
        "ends_at": at(day, 16),
        "venue": "Balikpapan",
        "published": published,
    }
    fields.update(extra)
    return services.save_meeting(meeting=Meeting(**fields), attending=attending, by=None)


def make_action(member: Any, *, what: str = "Siapkan CSS", meeting: Meeting | None = None) -> Any:
    """An open action item of ``member`` from a rakor (a new one unless ``meeting``)."""
    meeting = meeting or make_meeting(attending=[member])
    return services.add_action(
        what=what, due_on=date(2015, 10, 31), owner_member=member, meeting=meeting, by=None
    )


def make_summit(*, number: int = 15, open_: bool = True, capacity: int | None = None) -> Summit:
    return Summit.objects.create(
        number=number,
        year=2000 + number,
        starts_on=date(2000 + number, 11, 18),
        ends_on=date(2000 + number, 11, 20),
        registration_open=open_,
        capacity=capacity,
    )
