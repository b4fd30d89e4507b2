"""Cancel on a coordination form goes back where the user came from (the view kit's
``came_from``), else to the page the form belongs to, never blindly to the meeting list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.coordination.models import ActionItem
from akkopsi.coordination.tests.factories import make_action, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(members: Any) -> ActionItem:
    return make_action(members["6474"])


def _cancel(body: str) -> str:
    match = re.search(r'<a href="([^"]*)">Batal</a>', body)
    assert match, body
    return match.group(1).replace("&amp;", "&")


def test_cancel_goes_back_to_the_page_the_form_was_opened_from(
    client: Any, users: Any, action: ActionItem
) -> None:
    client.force_login(users["bontang"])
    url = reverse("coordination:action_status", args=[action.pk])
    member_page = "http://testserver" + reverse("members:member_detail", args=["6474"])
    assert _cancel(client.get(url, HTTP_REFERER=member_page).content.decode()) == member_page
    # Without a Referer, staff go back to their member's page, not to the meeting list.
    assert _cancel(client.get(url).content.decode()) == reverse(
        "members:member_detail", args=["6474"]
    )
    # ?next= wins, and a submission with errors keeps it.
    came = reverse("coordination:action_list") + "?overdue=true"
    page = client.post(
        url + "?next=" + came.replace("?", "%3F").replace("=", "%3D"), {"status": "x"}
    )
    assert _cancel(page.content.decode()) == came


def test_cancel_never_leads_off_the_site(client: Any, users: Any, action: ActionItem) -> None:
    client.force_login(users["secretariat"])
    url = reverse("coordination:action_status", args=[action.pk])
    body = client.get(url + "?next=https://evil.example/", HTTP_REFERER="https://evil.example/")
    assert _cancel(body.content.decode()) == reverse("coordination:action_list")


@pytest.mark.parametrize(
    ("name", "back"),
    [
        ("coordination:working_group_add", "coordination:working_group_list"),
        ("coordination:advocacy_add", "coordination:advocacy_list"),
    ],
)
def test_forms_go_back_to_their_own_list(client: Any, users: Any, name: str, back: str) -> None:
    client.force_login(users["secretariat"])
    assert _cancel(client.get(reverse(name)).content.decode()) == reverse(back)


def test_editing_a_meeting_goes_back_to_the_meeting(client: Any, users: Any) -> None:
    meeting = make_meeting()
    client.force_login(users["secretariat"])
    body = client.get(reverse("coordination:meeting_edit", args=[meeting.pk])).content.decode()
    assert _cancel(body) == reverse("coordination:meeting_detail", args=[meeting.pk])
