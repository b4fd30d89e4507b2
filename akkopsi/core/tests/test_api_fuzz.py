"""API fuzzing: schemathesis generates requests from our OpenAPI schema (a bounded number per
operation) and checks that no response is a server error and that every documented response
matches the schema. Anonymous and secretariat (token) callers both.

The schema is generated in process by drf-spectacular (no database needed at import time) and
the requests go to the WSGI application in process.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from akkopsi.config.wsgi import application

CHECKS = [not_a_server_error, response_schema_conformance]

schema = schemathesis.openapi.from_dict(
    json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
)
schema.app = application
pytestmark = pytest.mark.usefixtures("keep_db_connection")


@pytest.fixture
def secretariat_token(users: Any) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=users["secretariat"]).key


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_anonymous(case: Any, members: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_as_secretariat(case: Any, secretariat_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {secretariat_token}"}, checks=CHECKS)
