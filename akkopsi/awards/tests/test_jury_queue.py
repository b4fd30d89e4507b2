"""A juror's queue: the nominations the juror may score, pending or scored; a nomination found
ineligible is not offered, and its score form opened by URL answers 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from akkopsi.awards import services
from akkopsi.awards.models import Criterion
from akkopsi.awards.queues import juror_queue

pytestmark = pytest.mark.django_db


def _queue(juror: Any) -> list[tuple[str, bool]]:
    (edition,) = juror_queue(juror)
    return [(i.nomination.member.code, i.done) for i in edition.items]


def test_the_queue_offers_what_the_juror_may_score_and_marks_it_scored(
    award: dict[str, Any], client: Any
) -> None:
    kaltim, bali = award["juror_kaltim"], award["juror_bali"]
    assert _queue(kaltim) == [("5108", False)]  # not the members of its own province
    assert _queue(bali) == [("6471", False), ("6474", False)]
    crit = Criterion.objects.get(category__methodology=award["version"], source="jury")
    services.score(nomination=award["noms"]["6474"], criterion=crit, value=Decimal(3), by=bali)
    assert _queue(bali) == [("6471", False), ("6474", True)]  # pending first
    (edition,) = juror_queue(bali)
    assert edition.pending == 1
    # the home shows it, each nominee linked to its score form
    client.force_login(bali)
    html = client.get("/beranda/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f'href="/penghargaan/2015/juri/{award["noms"]["6471"].pk}/"' in html
    assert "1 belum dinilai" in html and "sudah dinilai" in html


def test_an_ineligible_nomination_is_not_offered_and_its_form_is_not_found(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    nomination = award["noms"]["5108"]
    services.set_eligibility(
        nomination, eligible=False, note="Iuran menunggak", by=users["secretariat"]
    )
    assert juror_queue(award["juror_kaltim"])[0].items == []
    client.force_login(award["juror_kaltim"])
    assert client.get(f"/penghargaan/2015/juri/{nomination.pk}/").status_code == 404
    home = client.get("/beranda/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Tidak ada yang menunggu" in home and "Kabupaten Buleleng" not in home


def test_a_juror_without_an_open_jury_has_an_empty_queue(
    award: dict[str, Any], users: dict[str, Any]
) -> None:
    services.close_jury(award["edition"], by=users["secretariat"])
    assert juror_queue(award["juror_kaltim"]) == []
