"""Dues API: scoping, filters, money as strings, idempotent payments, statements."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from akkopsi.dues.models import Payment
from akkopsi.dues.tests.conftest import pay

pytestmark = pytest.mark.django_db

PAYMENT = {"amount": "1500000.00", "paid_on": "2015-04-10", "method": "transfer"}


def _post(client: Any, data: dict[str, Any], key: str | None = "abc-1") -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/dues/payments/", json.dumps(data), content_type="application/json", **headers
    )


def _floats(value: Any) -> list[Any]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return []


def test_invoices_api_returns_money_as_strings_never_floats(
    client: Any, users: Any, invoices: Any
) -> None:
    pay(invoices["6474"], "1234.56", users["treasurer"])
    client.force_login(users["treasurer"])
    raw = client.get("/api/dues/invoices/", {"member": "6474"}).content
    data = json.loads(raw, parse_float=lambda s: float(s))
    assert not _floats(data)
    [invoice] = data["results"]
    assert invoice["amount"] == "1500000.00" and invoice["balance"] == "1498765.44"
    assert invoice["status"] == "partial" or invoice["status"] == "overdue"


def test_invoices_api_filters_by_year_status_and_member(
    client: Any, users: Any, invoices: Any
) -> None:
    pay(invoices["6474"], "1500000", users["treasurer"])
    client.force_login(users["secretariat"])
    assert client.get("/api/dues/invoices/", {"year": 2015}).json()["count"] == 3
    assert client.get("/api/dues/invoices/", {"year": 2016}).json()["count"] == 0
    paid = client.get("/api/dues/invoices/", {"status": "paid"}).json()
    assert [i["number"] for i in paid["results"]] == ["INV/2015/0003"]
    assert client.get("/api/dues/invoices/", {"status": "bogus"}).status_code == 400


def test_staff_of_bontang_see_only_bontang_by_api(client: Any, users: Any, invoices: Any) -> None:
    payment = pay(invoices["6471"], "1500000", users["treasurer"])
    client.force_login(users["bontang"])
    listed = client.get("/api/dues/invoices/").json()
    assert [i["member"] for i in listed["results"]] == ["6474"]
    assert client.get("/api/dues/invoices/", {"member": "6471"}).json()["count"] == 0
    assert client.get(f"/api/dues/invoices/{invoices['6471'].pk}/").status_code == 404
    assert client.get(f"/api/dues/payments/{payment.pk}/").status_code == 404
    assert client.get("/api/dues/payments/").json()["count"] == 0
    response = client.get("/api/dues/statements/6471/")
    assert response.status_code == 403 and "Balikpapan" not in response.content.decode()
    assert client.get("/api/dues/statements/6474/").status_code == 200


@pytest.mark.parametrize("who", [None, "jury"])
def test_the_public_and_the_jury_see_no_dues_by_api(
    client: Any, users: Any, invoices: Any, who: str | None
) -> None:
    if who:
        client.force_login(users[who])
    for url in ["/api/dues/invoices/", "/api/dues/payments/", "/api/dues/statements/6474/"]:
        assert client.get(url).status_code in {401, 403}


@pytest.mark.parametrize("who", ["bontang", "secretariat", "jury"])
def test_only_the_treasurer_and_admin_record_payments(
    client: Any, users: Any, invoices: Any, who: str
) -> None:
    client.force_login(users[who])
    response = _post(client, {**PAYMENT, "invoice": invoices["6474"].pk})
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_recording_a_payment_by_api_is_idempotent(client: Any, users: Any, invoices: Any) -> None:
    client.force_login(users["treasurer"])
    data = {**PAYMENT, "invoice": invoices["6474"].pk}
    first = _post(client, data)
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["receipt"] == "KWT/2015/0001" and body["amount"] == "1500000.00"
    again = _post(client, data)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    conflict = _post(client, {**data, "amount": "1000000.00"})
    assert conflict.status_code == 409
    assert "sudah dipakai" in conflict.json()["idempotency_key"][0]
    assert Payment.objects.count() == 1


def test_the_key_may_come_as_a_field_and_is_required(
    client: Any, users: Any, invoices: Any
) -> None:
    client.force_login(users["treasurer"])
    data = {**PAYMENT, "invoice": invoices["6474"].pk}
    missing = _post(client, data, key=None)
    assert missing.status_code == 400 and "Idempotency-Key" in missing.json()["idempotency_key"]
    assert _post(client, {**data, "idempotency_key": "field-1"}, key=None).status_code == 201
    differ = _post(client, {**data, "idempotency_key": "x"}, key="y")
    assert differ.status_code == 400


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "-1"}, "amount", "lebih dari nol"),
        ({"amount": "0"}, "amount", "lebih dari nol"),
        ({"amount": "10.001"}, "amount", "dua desimal"),
        ({"invoice": 999999}, "invoice", "tidak ditemukan"),
        ({"method": "bitcoin"}, "method", None),
        ({"paid_on": "2015-02-30"}, "paid_on", None),
    ],
)
def test_bad_payments_by_api_are_refused_and_nothing_is_written(
    client: Any, users: Any, invoices: Any, change: dict[str, Any], field: str, message: str | None
) -> None:
    client.force_login(users["treasurer"])
    response = _post(client, {**PAYMENT, "invoice": invoices["6474"].pk, **change})
    assert response.status_code == 400, response.json()
    assert field in response.json()
    if message:
        assert message in str(response.json()[field])
    assert not Payment.objects.exists()


def test_a_float_amount_is_read_as_its_decimal_text(client: Any, users: Any, invoices: Any) -> None:
    """A JSON number is taken as the decimal it reads as; it never becomes a float."""
    client.force_login(users["treasurer"])
    response = _post(client, {**PAYMENT, "amount": 1500000.5, "invoice": invoices["6474"].pk})
    assert response.status_code == 201
    assert Payment.objects.get().amount == Decimal("1500000.50")


def test_paying_a_void_invoice_by_api_is_refused(client: Any, users: Any, invoices: Any) -> None:
    from akkopsi.dues import services

    services.void_invoice(invoice=invoices["6474"], reason="Salah", by=users["treasurer"])
    client.force_login(users["treasurer"])
    response = _post(client, {**PAYMENT, "invoice": invoices["6474"].pk})
    assert response.status_code == 400 and "dibatalkan" in str(response.json())
    assert not Payment.objects.exists()


def test_voiding_a_payment_by_api(client: Any, users: Any, invoices: Any) -> None:
    payment = pay(invoices["6474"], "1500000", users["treasurer"])
    client.force_login(users["treasurer"])
    url = f"/api/dues/payments/{payment.pk}/void/"
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(url, {"reason": "Ditolak bank"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["is_void"] is True
    client.force_login(users["bontang"])
    assert client.post(url, {"reason": "x"}, content_type="application/json").status_code == 403


def test_statement_by_api(client: Any, users: Any, invoices: Any) -> None:
    pay(invoices["6474"], "2000000", users["treasurer"], paid_on=date(2015, 4, 10))
    client.force_login(users["bontang"])
    data = client.get("/api/dues/statements/6474/").json()
    assert data["closing"] == "-500000.00" and data["credit_held"] == "500000.00"
    assert [line["balance"] for line in data["lines"]] == ["1500000.00", "0.00", "-500000.00"]
    as_of = client.get("/api/dues/statements/6474/", {"on": "2015-02-01"}).json()
    assert as_of["closing"] == "1500000.00"
    assert client.get("/api/dues/statements/9999/").status_code in {403, 404}


def test_the_schema_documents_the_dues_endpoints(client: Any, db: Any) -> None:
    schema = client.get("/api/schema/").content.decode()
    assert "/api/dues/payments/" in schema and "Idempotency-Key" in schema
