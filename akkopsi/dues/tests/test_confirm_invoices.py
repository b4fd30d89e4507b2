"""Issuing a year's dues invoices is asked for first: how many and worth how much, from
the same candidates and amounts the insert uses; GET issues nothing; a stale
confirmation is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akkopsi.conftest import only
from akkopsi.core.tests.confirming import confirm
from akkopsi.dues import services
from akkopsi.dues.models import Invoice
from akkopsi.dues.tests.conftest import make_schedule
from akkopsi.dues.tests.test_generation import _add_members
from akkopsi.members import services as member_services
from akkopsi.regions.models import Regency

URL = reverse("dues:invoice_generate_confirm") + "?year=2015&issued_on=2015-01-15"


def test_the_page_says_how_many_and_how_much_and_a_stale_plan_is_refused(
    client: Any, users: dict[str, Any], members: Any, regions: Any
) -> None:
    make_schedule(2015, users["treasurer"])
    client.force_login(users["treasurer"])
    page = client.get(URL)
    body = page.content.decode()
    assert "Akan menerbitkan 3 tagihan iuran tahun 2015 senilai Rp5.000.000." in body
    assert "tanggal terbit 15 Januari 2015" in body
    assert not Invoice.objects.exists()  # GET issues nothing
    member_services.create_member(  # Samarinda joins in July: billed six months
        regency=regions["6472"], membership_number="AKK-9", joined_on=date(2015, 7, 1), by=None
    )
    stale = client.post(URL, {"token": page.context["plan"].token})
    assert stale.status_code == 409 and not Invoice.objects.exists()
    body = stale.content.decode()
    assert "Ada yang berubah sejak halaman ini dibuka" in body
    assert "Akan menerbitkan 4 tagihan iuran tahun 2015 senilai Rp5.750.000." in body
    response = confirm(client, URL, follow=True)
    assert "4 tagihan terbit untuk 2015" in response.content.decode()
    assert Invoice.objects.aggregate(t=Sum("amount"))["t"] == Decimal("5750000")
    again = client.get(URL)  # issued: nothing left to issue
    assert again.context["plan"].count == 0 and 'id="nothing-to-do"' in again.content.decode()


def test_the_form_goes_on_to_the_confirmation(
    client: Any, users: dict[str, Any], members: Any
) -> None:
    make_schedule(2015, users["treasurer"])
    client.force_login(users["treasurer"])
    r = client.post(reverse("dues:invoice_generate"), {"year": "2015", "issued_on": "2015-01-15"})
    assert r.status_code == 302 and r["Location"] == URL
    no_schedule = client.get(reverse("dues:invoice_generate_confirm") + "?year=2016")
    assert no_schedule.status_code == 302  # refused, with the reason as a message
    assert client.get(reverse("dues:invoice_generate_confirm") + "?year=x").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    only("treasurer", "admin"),
)
def test_only_the_treasurer_issues(
    client: Any, users: dict[str, Any], members: Any, who: str | None, status: int
) -> None:
    make_schedule(2015, users["treasurer"])
    if who:
        client.force_login(users[who])
    assert client.get(URL).status_code == status
    token = services.plan_invoices(year=2015, issued_on=date(2015, 1, 15)).token
    client.post(URL, {"token": token})
    assert Invoice.objects.exists() == (who in {"treasurer", "admin"})


def test_the_plan_takes_the_same_queries_for_n_and_5n_members(
    users: dict[str, Any], members: Any
) -> None:
    make_schedule(2015, users["treasurer"])
    _add_members(4, 0)
    with CaptureQueriesContext(connection) as small:
        few = services.plan_invoices(year=2015)
    _add_members(20, 4)
    with CaptureQueriesContext(connection) as large:
        many = services.plan_invoices(year=2015)
    assert (few.count, many.count) == (7, 27) and len(large) == len(small)
    assert Regency.objects.count() == 29
