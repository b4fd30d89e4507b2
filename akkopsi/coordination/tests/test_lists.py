"""The list pages on the view kit: one FilterSet per list serving the page and the API, paging,
the htmx fragment, and a bounded number of queries however many rows there are."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from akkopsi.coordination import services
from akkopsi.coordination.models import AdvocacyVisit, Meeting, MeetingKind, WorkingGroup
from akkopsi.coordination.tests.factories import make_meeting, make_summit

pytestmark = pytest.mark.django_db


def _meetings(members: Any, n: int) -> list[Meeting]:
    return [
        make_meeting(
            day=date(2015, 5, 19) + timedelta(days=i),
            title=f"Rapat {i}",
            kind=MeetingKind.MUNAS if i % 3 == 0 else MeetingKind.RAKOR,
            attending=[members["6474"], members["6471"]],
            host=members["6471"],
        )
        for i in range(n)
    ]


def test_meeting_list_filters_pages_and_does_not_query_per_row(
    client: Any, members: Any, django_assert_max_num_queries: Any
) -> None:
    _meetings(members, 12)
    url = reverse("coordination:meeting_list")
    with django_assert_max_num_queries(6):
        page = client.get(url).content.decode()
    assert page.count("/organisasi/rapat/") >= 12 and "Rapat 11" in page
    munas = client.get(url, {"kind": "munas"})
    assert {m.title for m in munas.context["page"]} == {"Rapat 0", "Rapat 3", "Rapat 6", "Rapat 9"}
    fragment = client.get(url, {"kind": "munas"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<h1>" not in fragment and "Rapat 9" in fragment and "Rapat 1<" not in fragment


def test_the_meetings_api_takes_the_same_filter(members: Any) -> None:
    _meetings(members, 4)
    api = APIClient()
    assert api.get("/api/meetings/").json()["count"] == 4
    assert api.get("/api/meetings/", {"kind": "munas"}).json()["count"] == 2
    assert api.get("/api/meetings/", {"kind": "nonsense"}).status_code == 400


def test_working_group_and_advocacy_lists_for_the_secretariat(
    client: Any, users: Any, members: Any, django_assert_max_num_queries: Any
) -> None:
    rakor = make_meeting()
    for i in range(6):
        services.form_working_group(
            group=WorkingGroup(
                name=f"Pokja {i}",
                scope="regional" if i % 2 else "national",
                region="Kalimantan",
                mandate="Koordinasi",
                formed_on=date(2015, 5, 19),
                formed_at=rakor,
            ),
            members=[members["6474"], members["6471"]],
            by=None,
        )
        visit = services.save_record(
            record=AdvocacyVisit(
                institution=f"Kementerian {i}",
                visited_on=date(2015 + i % 2, 3, 10),
                delegation="Seknas",
                topics="PPSP",
                reported_at=rakor,
            ),
            by=None,
        )
        services.add_action(
            what=f"Tindak lanjut {i}",
            owner_person="Seknas",
            due_on=date(2016, 8, 31),
            advocacy=visit,
            by=None,
        )
    client.force_login(users["secretariat"])
    groups = reverse("coordination:working_group_list")
    with django_assert_max_num_queries(10):
        page = client.get(groups).content.decode()
    assert all(f"Pokja {i}" in page for i in range(6))
    assert len(client.get(groups, {"scope": "national"}).context["page"]) == 3
    visits = reverse("coordination:advocacy_list")
    with django_assert_max_num_queries(10):
        page = client.get(visits).content.decode()
    assert all(f"Tindak lanjut {i}" in page for i in range(6))
    assert len(client.get(visits, {"year": 2016}).context["page"]) == 3
    api = APIClient()
    api.force_authenticate(users["secretariat"])
    assert api.get("/api/advocacy/", {"year": 2016}).json()["count"] == 3
    assert api.get("/api/working-groups/", {"scope": "national"}).json()["count"] == 3
    client.force_login(users["bontang"])
    assert client.get(groups).status_code == 403 and client.get(visits).status_code == 403


def test_summit_list_newest_first_and_the_year_filter_on_page_and_api(
    client: Any, members: Any, django_assert_max_num_queries: Any
) -> None:
    for number in (13, 14, 15):
        make_summit(number=number)
    url = reverse("coordination:summit_list")
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert [s.number for s in response.context["page"]] == [15, 14, 13]
    assert [s.number for s in client.get(url, {"year": 2014}).context["page"]] == [14]
    assert APIClient().get("/api/summits/", {"year": 2014}).json()["count"] == 1
