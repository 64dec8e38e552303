"""The OpenAPI document lists every route, and schemathesis finds no server error on any generated input."""

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import BACKENDS, _backend
from tests.live import demo_app


def test_openapi_document_lists_the_routes(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/wards", "/api/v1/wards/{ward_id}/tdps", "/api/v1/tdps/{tdp_id}/rounds"):
        assert path in spec["paths"], path
    assert "bearerAuth" in spec["components"]["securitySchemes"]


@pytest.fixture(scope="module", params=BACKENDS)
def fuzz_app(request, tmp_path_factory):
    for backend in _backend(request, tmp_path_factory, "fuzz"):
        application = demo_app(backend)
        with application.app_context():
            from sqlalchemy import select

            from app.auth.models import User
            from app.auth.services import issue_api_token
            from app.extensions import db

            token = issue_api_token(None, db.session.scalar(select(User).where(User.username == "admin")))
            db.session.commit()
        yield application, token
        with application.app_context():
            db.engine.dispose()


def test_no_generated_request_gets_a_server_error(fuzz_app):
    application, token = fuzz_app
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures = []
    for operation in schema.get_all_operations():
        op = operation.ok()
        strategy = op.as_strategy()
        from hypothesis import HealthCheck, given, settings

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        @given(case=strategy)
        def run(case):
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")
            if response.status_code == 200:
                case.validate_response(response, checks=[response_schema_conformance])

        run()
    assert failures == []
