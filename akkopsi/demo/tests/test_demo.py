"""The demo reproduces the alliance as the seed article describes it on 19 May 2015.

The demo takes a while to load, so one test loads it once and checks every fact."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from akkopsi.accounts.models import Role, User
from akkopsi.coordination.models import BoardPosition
from akkopsi.data.dashboards import year_asked
from akkopsi.demo import facts
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Member, MembershipPeriod
from akkopsi.planning.solve import unsolved
from akkopsi.rapor import league

pytestmark = pytest.mark.django_db


def test_demo_reproduces_may_2015_and_loads_once(client: Any) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    _check_the_alliance_on_19_may_2015(client)
    _check_demo_users(printed)
    _check_every_report_is_complete(client, printed)
    _check_a_second_run_changes_nothing()


def _check_the_alliance_on_19_may_2015(client: Any) -> None:
    # exactly 349 members on 19 May 2015, by the API and on the member list
    assert client.get("/api/members/", {"active_on": "2015-05-19"}).json()["count"] == 349
    assert client.get("/anggota/", {"active_on": "2015-05-19"}).context["count"] == 349

    # every published count, "120 to 130" a few years earlier, 492 by 2025
    days = [d for d, _n in facts.COUNT_ANCHORS]
    assert membership_counts(days) == [n for _d, n in facts.COUNT_ANCHORS]
    assert all(120 <= n <= 130 for n in membership_counts([date(2012, 6, 30), date(2012, 7, 31)]))
    assert membership_counts([date(2025, 12, 31)]) == [492]

    # the members named in the article (and the summit host, Padang) are members that day
    for code in [*facts.ARTICLE_MEMBERS, facts.KOTA_PADANG]:
        assert Member.objects.get(regency_id=code).is_active_on(date(2015, 5, 19)), code

    # Adi Darma, Wali Kota Bontang, is Bendahara Umum that day
    treasurer = BoardPosition.objects.on(date(2015, 5, 19)).get(role="bendahara_umum")
    assert (treasurer.holder_name, treasurer.member.code, treasurer.holder_office) == (
        "Adi Darma",
        "6474",
        "Wali Kota Bontang",
    )

    # some members left and came back: history is periods, not edits
    assert (
        sum(1 for m in Member.objects.prefetch_related("periods") if len(m.periods.all()) > 1) == 4
    )


def _check_demo_users(printed: str) -> None:
    # demo users for every role, documented password, printed logins
    for username, role in [
        ("admin", Role.ADMIN),
        ("sekretariat", Role.SECRETARIAT),
        ("bendahara", Role.TREASURER),
        ("juri", Role.JURY),
    ]:
        assert User.objects.get(username=username).role == role
    staff = User.objects.get(username="staf-6474")
    assert staff.member.regency.display_name == "Kota Bontang" and staff.check_password(
        "akkopsi-demo"
    )
    assert "staf-6474" in printed and "akkopsi-demo" in printed

    # labelled as demo data
    assert Member.objects.exclude(notes__icontains="demo").count() == 0
    assert Member.objects.get(regency_id="3507").heads.first().name.endswith("(demo)")


def _check_every_report_is_complete(client: Any, printed: str) -> None:
    # every member's Rapor Sanitasi has something in each block once the plans are solved
    # (the article's members' at load, the others by solve_plans, as make run does)
    assert "not solved yet" in printed
    call_command("solve_plans", stdout=StringIO())
    assert not unsolved().exists()
    season = league.Season.of(year_asked(None))  # the league's default year
    members = league.members_of(season)
    rows = league.rows(User.objects.get(username="sekretariat"), season, members)
    measures = ["akses_layak", "babs", "share", "per_capita", "rank", "plan_gap", "arrears"]
    assert len(rows) == members.count() > 400
    assert [(r["code"], k) for r in rows for k in measures if r[k] is None] == []
    # and on the report pages: the first, the last to join, one in the juror's province
    latest = MembershipPeriod.objects.order_by("-joined_on", "member_id").first()
    assert latest is not None
    client.force_login(User.objects.get(username="sekretariat"))
    for code in ["6474", latest.member.code, "3171"]:
        page = client.get(reverse("rapor:report", args=[code])).content.decode()
        assert 'class="missing"' not in page, code
        assert 'id="penghargaan-rank"' in page and 'id="rencana-gap"' in page, code
    client.logout()


def _check_a_second_run_changes_nothing() -> None:
    before = (Member.objects.count(), User.objects.count(), BoardPosition.objects.count())
    again = StringIO()
    call_command("demo", stdout=again)
    assert (Member.objects.count(), User.objects.count(), BoardPosition.objects.count()) == before
    assert "already present" in again.getvalue()
