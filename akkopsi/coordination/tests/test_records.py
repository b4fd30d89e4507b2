"""Pages for the secretariat's records: divisions, work programme, summits, agenda and actions
(create, edit, void with a reason, with history), and the operational update as a PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from akkopsi.coordination import services
from akkopsi.coordination.models import ActionItem, AgendaItem, Division, ProgrammeActivity, Summit
from akkopsi.coordination.tests.factories import make_meeting, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def monev(members: Any) -> Division:
    return Division.objects.create(name="Bidang Monitoring dan Evaluasi")


def _activity(division: Division, **extra: Any) -> ProgrammeActivity:
    fields: dict[str, Any] = {
        "division": division,
        "year": 2015,
        "title": "Metodologi Sanipura Award",
        "budget": Decimal("25000000"),
    }
    fields.update(extra)
    return ProgrammeActivity.objects.create(**fields)


SECRETARIAT_PAGES = [
    ("coordination:division_add", []),
    ("coordination:activity_add", []),
    ("coordination:summit_add", []),
    ("coordination:programme_pdf", []),
]


@pytest.mark.parametrize(("name", "args"), SECRETARIAT_PAGES)
def test_only_the_secretariat_manages_records(
    client: Any, users: Any, name: str, args: Any
) -> None:
    url = reverse(name, args=args)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for who in ["bontang", "treasurer", "jury"]:
        client.force_login(users[who])
        assert client.get(url).status_code == 403, who
    client.force_login(users["admin"])
    assert client.get(url).status_code == 200


def test_secretariat_keeps_divisions_and_the_work_programme(client: Any, users: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("coordination:division_add"),
        {"name": "Bidang Advokasi dan Komunikasi", "functions": "Advokasi", "tasks": ""},
    )
    assert response.status_code == 302
    division = Division.objects.get()
    assert division.history.get().history_user == users["secretariat"]
    body = {
        "division": division.pk,
        "year": 2015,
        "title": "Audiensi ke Bappenas",
        "target": "2 audiensi",
        "budget": "15000000.50",
        "responsible": "Sekretaris Umum",
        "progress": 40,
        "progress_note": "",
    }
    response = client.post(reverse("coordination:activity_add"), body)
    assert response.status_code == 302 and response["Location"].endswith("?year=2015")
    activity = ProgrammeActivity.objects.get()
    assert activity.budget == Decimal("15000000.50")
    body.update(progress=150, budget="-1")
    response = client.post(reverse("coordination:activity_edit", args=[activity.pk]), body)
    assert response.status_code == 200 and "progress" in response.context["form"].errors
    assert "budget" in response.context["form"].errors
    body.update(progress=80, budget="15000000.50")
    client.post(reverse("coordination:activity_edit", args=[activity.pk]), body)
    activity.refresh_from_db()
    assert activity.progress == 80 and activity.history.count() == 2
    page = client.get(reverse("coordination:programme"), {"year": 2015}).content.decode()
    assert "Audiensi ke Bappenas" in page and "Rp15.000.000,50" in page.replace("\xa0", "")


def test_voiding_needs_a_reason_and_a_division_in_use_is_kept(
    client: Any, users: Any, monev: Division
) -> None:
    activity = _activity(monev)
    client.force_login(users["secretariat"])
    response = client.post(reverse("coordination:division_void", args=[monev.pk]), {"reason": "x"})
    assert response.status_code == 200 and not Division.objects.get().is_void
    assert "Bidang Monitoring dan Evaluasi" in str(response.context["form"].non_field_errors())
    url = reverse("coordination:activity_void", args=[activity.pk])
    assert client.post(url, {"reason": " "}).status_code == 200
    assert not ProgrammeActivity.objects.get().is_void
    assert client.post(url, {"reason": "Dobel"}).status_code == 302
    activity.refresh_from_db()
    assert activity.is_void and activity.void_reason == "Dobel"
    assert activity.voided_by == users["secretariat"]
    client.post(reverse("coordination:division_void", args=[monev.pk]), {"reason": "Digabung"})
    assert Division.objects.get().is_void
    response = client.get(reverse("coordination:programme"), {"year": 2015})
    assert response.context["divisions"] == [] and response.context["totals"]["n"] == 0


def test_operational_update_for_a_rakor_is_a_pdf(client: Any, users: Any, monev: Division) -> None:
    _activity(monev)
    rakor = make_meeting()
    client.force_login(users["secretariat"])
    detail = client.get(reverse("coordination:meeting_detail", args=[rakor.pk])).content.decode()
    assert f"{reverse('coordination:programme_pdf')}?meeting={rakor.pk}" in detail
    response = client.get(reverse("coordination:programme_pdf"), {"meeting": rakor.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="program-kerja-2015.pdf"' in response["Content-Disposition"]


def test_secretariat_records_summit_editions(client: Any, users: Any, members: Any) -> None:
    client.force_login(users["secretariat"])
    body = {
        "number": 15,
        "year": 2015,
        "host": members["6474"].pk,
        "theme": "Sanitasi untuk semua",
        "starts_on": "2015-11-20",
        "ends_on": "2015-11-18",
        "venue": "Padang",
        "notes": "",
        "capacity": "",
        "fee": "1500000",
    }
    response = client.post(reverse("coordination:summit_add"), body)
    assert response.status_code == 200 and "ends_on" in response.context["form"].errors
    assert not Summit.objects.exists()
    body["ends_on"] = "2015-11-22"
    response = client.post(reverse("coordination:summit_add"), body)
    assert response["Location"] == reverse("coordination:summit_detail", args=[15])
    summit = Summit.objects.get()
    assert summit.fee == Decimal("1500000") and summit.numeral == "XV"
    body["theme"] = "Sanitasi layak"
    client.post(reverse("coordination:summit_edit", args=[15]), body)
    assert Summit.objects.get().history.count() == 2
    client.force_login(users["bontang"])
    assert (
        client.post(reverse("coordination:summit_void", args=[15]), {"reason": "x"}).status_code
        == 403
    )
    client.force_login(users["secretariat"])
    client.post(reverse("coordination:summit_void", args=[15]), {"reason": "Batal"})
    assert Summit.objects.get().is_void
    assert "CSS XV" not in client.get(reverse("coordination:summit_list")).content.decode()
    assert client.get(reverse("coordination:summit_detail", args=[15])).status_code == 404


def test_a_summit_with_delegates_is_not_voided(users: Any, members: Any) -> None:
    summit = make_summit(number=16)
    services.register_delegate(summit=summit, member=members["6474"], name="Pak Budi", by=None)
    with pytest.raises(ValidationError, match=r"delegasi|delegates"):
        services.void_record(record=summit, reason="Batal", by=users["secretariat"])
    assert not Summit.objects.get().is_void


def test_agenda_items_and_actions_are_edited_and_voided_with_history(
    client: Any, users: Any, members: Any
) -> None:
    meeting = make_meeting()
    item = services.add_agenda_item(meeting=meeting, title="Iuran anggota", by=None)
    action = services.add_action(
        what="Tagih iuran",
        due_on=date(2015, 6, 30),
        owner_member=members["6474"],
        meeting=meeting,
        agenda_item=item,
        by=None,
    )
    client.force_login(users["secretariat"])
    body = {"position": 2, "title": "Iuran anggota 2015", "minutes": "", "decisions": "Naik"}
    assert client.post(reverse("coordination:agenda_edit", args=[item.pk]), body).status_code == 302
    item.refresh_from_db()
    assert item.title == "Iuran anggota 2015" and item.history.count() == 2
    url = reverse("coordination:agenda_void", args=[item.pk])
    assert client.post(url, {"reason": "Salah"}).status_code == 200  # its action is live
    edit = reverse("coordination:action_edit", args=[action.pk])
    body = {"what": "Tagih iuran", "agenda_item": item.pk, "owner_member": "", "owner_person": ""}
    response = client.post(edit, {**body, "due_on": "2015-05-01"})
    errors = response.context["form"].errors
    assert "owner_member" in errors and "due_on" in errors
    body.update(owner_member=members["6471"].pk, due_on="2015-07-31")
    assert client.post(edit, body).status_code == 302
    action.refresh_from_db()
    assert action.owner_member == members["6471"] and action.history.count() == 2
    client.post(reverse("coordination:action_void", args=[action.pk]), {"reason": "Dobel"})
    assert ActionItem.objects.get().is_void
    assert client.post(url, {"reason": "Salah"}).status_code == 302
    assert AgendaItem.objects.get().is_void
    response = client.get(reverse("coordination:meeting_detail", args=[meeting.pk]))
    assert list(response.context["agenda"]) == [] and list(response.context["other_actions"]) == []


def test_member_staff_only_update_the_status_of_their_own_actions(
    client: Any, users: Any, members: Any
) -> None:
    meeting = make_meeting()
    own = services.add_action(
        what="a", due_on=date(2015, 6, 1), owner_member=members["6474"], meeting=meeting, by=None
    )
    item = services.add_agenda_item(meeting=meeting, title="x", by=None)
    client.force_login(users["bontang"])
    for name, pk in [
        ("coordination:action_edit", own.pk),
        ("coordination:action_void", own.pk),
        ("coordination:agenda_edit", item.pk),
        ("coordination:agenda_void", item.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 403, name
    assert client.get(reverse("coordination:action_status", args=[own.pk])).status_code == 200


def test_programme_and_summit_pages_do_not_query_per_row(
    client: Any, users: Any, members: Any, monev: Division, django_assert_max_num_queries: Any
) -> None:
    other = Division.objects.create(name="Bidang Advokasi dan Komunikasi")
    for i in range(6):
        _activity(monev if i % 2 else other, title=f"Kegiatan {i}")
    summit = make_summit(number=17)
    summit.fee = Decimal("500000")
    summit.save()
    for i in range(5):
        services.register_delegate(summit=summit, member=members["6474"], name=f"D{i}", by=None)
    client.force_login(users["secretariat"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("coordination:programme"), {"year": 2015}).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("coordination:summit_detail", args=[17])).status_code == 200
