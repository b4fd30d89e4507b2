"""The Rapor's API answers match the OpenAPI schema field by field (ADR 0039): schemathesis'
response conformance check, on real reports (the generated fuzzing mostly meets 404s, since
random member codes do not exist), for the public, the member's staff and the secretariat."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from akkopsi.config.wsgi import application
from akkopsi.dues import services as dues
from akkopsi.dues.tests.conftest import make_schedule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_db_connection")]

schema = schemathesis.openapi.from_dict(
    json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
)
schema.app = application


def _operation(suffix: str) -> Any:
    path = next(p for p in schema.raw_schema["paths"] if p.endswith(suffix))
    return schema[path]["GET"]


@pytest.mark.parametrize("who", [None, "bontang", "secretariat"])
def test_report_answers_match_the_schema(
    who: str | None, users: Any, data: Any, action: Any
) -> None:
    from rest_framework.authtoken.models import Token

    from akkopsi.planning import services as planning
    from akkopsi.planning.tests.conftest import make_plan

    make_schedule(2024, users["treasurer"])
    dues.generate_invoices(year=2024, by=users["treasurer"], issued_on=date(2024, 1, 15))
    plan = make_plan(data["6474"], money=1)
    planning.solve_scenario(scenario=plan.scenarios.get(), by=None)
    headers = {"Authorization": f"Token {Token.objects.create(user=users[who]).key}"} if who else {}
    report = _operation("/rapor/{code}/")
    for code in ("6474", "6471", "5108"):
        for query in ({}, {"publik": "1"}):
            case = report.Case(path_parameters={"code": code}, query=query, headers=headers)
            response = case.call()
            assert response.status_code == 200, response.text
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )
