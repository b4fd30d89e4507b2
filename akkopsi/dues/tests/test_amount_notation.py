"""Issue 16: a payment amount in exponent notation, in other digits or with more digits
than the column holds is a 400 with the reason, never a decimal overflow (HTTP 500)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from akkopsi.dues.models import Payment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [
        ("1E+30", "eksponen"),
        ("1e3", "eksponen"),
        ("9" * 29, "terlalu besar"),
        ("1" * 40 + ".00", "terlalu besar"),
        ("１５００", "0-9"),
        ("NaN", "bukan angka"),
    ],
)
def test_payment_amount_refused_with_a_clear_message(
    client: Any, users: Any, invoices: Any, amount: str, fragment: str
) -> None:
    client.force_login(users["treasurer"])
    response = client.post(
        "/api/dues/payments/",
        json.dumps(
            {
                "invoice": invoices["6474"].pk,
                "amount": amount,
                "paid_on": "2015-04-10",
                "method": "transfer",
            }
        ),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"uji-{amount[:20]}",
    )
    assert response.status_code == 400, response.content
    assert fragment in json.dumps(response.json(), ensure_ascii=False), response.json()
    assert not Payment.objects.exists()
