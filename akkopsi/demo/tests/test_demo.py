"""The demo reproduces the alliance as the seed article describes it on 19 May 2015."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from akkopsi.accounts.models import Role, User
from akkopsi.coordination.models import BoardPosition
from akkopsi.demo import facts
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any) -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_has_349_members_on_19_may_2015_by_api_and_list(demo: str, client: Any) -> None:
    assert client.get("/api/members/", {"active_on": "2015-05-19"}).json()["count"] == 349
    page = client.get("/anggota/", {"active_on": "2015-05-19"})
    assert page.context["count"] == 349


def test_demo_follows_every_published_count(demo: str) -> None:
    days = [d for d, _n in facts.COUNT_ANCHORS]
    assert membership_counts(days) == [n for _d, n in facts.COUNT_ANCHORS]
    # "dulu anggota Akkopsi hanya 120 hingga 130": mid-2012
    assert all(120 <= n <= 130 for n in membership_counts([date(2012, 6, 30), date(2012, 7, 31)]))
    assert membership_counts([date(2025, 12, 31)]) == [492]


def test_the_members_named_in_the_article_are_members_that_day(demo: str) -> None:
    day = date(2015, 5, 19)
    for code in [*facts.ARTICLE_MEMBERS, facts.KOTA_PADANG]:
        assert Member.objects.get(regency_id=code).is_active_on(day), code


def test_adi_darma_is_bendahara_umum_on_that_day(demo: str) -> None:
    treasurer = BoardPosition.objects.on(date(2015, 5, 19)).get(role="bendahara_umum")
    assert treasurer.holder_name == "Adi Darma"
    assert treasurer.member.code == "6474"
    assert treasurer.holder_office == "Wali Kota Bontang"


def test_some_members_left_and_rejoined(demo: str) -> None:
    rejoined = [m for m in Member.objects.prefetch_related("periods") if len(m.periods.all()) > 1]
    assert len(rejoined) == 4


def test_demo_users_exist_for_every_role_with_the_documented_password(demo: str) -> None:
    for username, role in [
        ("admin", Role.ADMIN),
        ("sekretariat", Role.SECRETARIAT),
        ("bendahara", Role.TREASURER),
        ("juri", Role.JURY),
    ]:
        user = User.objects.get(username=username)
        assert user.role == role
    staff = User.objects.get(username="staf-6474")
    assert staff.member.regency.display_name == "Kota Bontang"
    assert staff.check_password("akkopsi-demo")
    assert "staf-6474" in demo and "akkopsi-demo" in demo


def test_demo_is_idempotent(demo: str) -> None:
    before = (Member.objects.count(), User.objects.count(), BoardPosition.objects.count())
    out = StringIO()
    call_command("demo", stdout=out)
    assert (Member.objects.count(), User.objects.count(), BoardPosition.objects.count()) == before
    assert "already present" in out.getvalue()


def test_demo_data_is_labelled(demo: str) -> None:
    assert Member.objects.exclude(notes__icontains="demo").count() == 0
    assert Member.objects.get(regency_id="3507").heads.first().name.endswith("(demo)")
