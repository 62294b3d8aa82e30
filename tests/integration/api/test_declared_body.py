"""Every body the API takes is read one way, on both backends: the OpenAPI document declares
it as the model the handler validates it with (its fields, whether others are refused, an
example), and a body that is not a JSON object, or no body at all, is refused like a wrong
field: a 422 in the caller's language, never the framework's English 400; nothing written."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import pytest
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.factories import World, submitted
from tests.integration.agreements.conftest import Agreements
from tests.integration.api.case_parts import Caller, is_problem
from tests.integration.web.conftest import Cases, Db

WRITES = ("post", "put", "patch")
NOT_AN_OBJECT = [b"[1, 2]", b'"Balai desa"', b"7", b"null", b""]
SHAPE = "Bentuk data tidak sesuai."
# What a model says of a field it does not know, or of one it lacks.
UNKNOWN, MISSING = "Isian ini tidak dikenal.", "Wajib diisi."
# Bodies whose example carries no case version and no id of its own: taken as they are.
TAKEN = {("post", "/api/cases/{case_id}/follow-ups")}


def bodies(client: TestClient[Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, media) of every API operation that takes a body."""
    doc = client.get("/schema/openapi.json").json()
    return [
        (method, path, operation["requestBody"]["content"])
        for path, operations in doc["paths"].items()
        for method, operation in operations.items()
        if method in WRITES and "requestBody" in operation
    ]


def test_every_body_is_declared_as_its_model_with_an_example(client: TestClient[Any]) -> None:
    declared = bodies(client)
    assert len(declared) >= 20
    for method, path, content in declared:
        [(media, body)] = content.items()
        assert media in ("application/json", "multipart/form-data"), (method, path)
        schema = body["schema"]
        assert schema["type"] == "object", (method, path)
        assert schema["properties"], (method, path)
        assert schema["title"], (method, path)
        assert "$ref" not in str(schema), (method, path)
        [example] = schema["examples"]
        assert set(example) <= set(schema["properties"]), (method, path)
        files = {n for n, p in schema["properties"].items() if p.get("format") == "binary"}
        assert set(schema.get("required", [])) - files <= set(example), (method, path)


@pytest.mark.parametrize(
    "content", NOT_AN_OBJECT, ids=["array", "string", "number", "null", "none"]
)
def test_a_body_that_is_not_an_object_is_a_422_in_the_callers_language(
    client: TestClient[Any], runtime: Runtime, world: World, content: bytes
) -> None:
    agreements = Agreements(runtime, world, Cases(runtime, world))
    case_id, version = agreements.frozen()
    filled = {
        "case_id": str(case_id),
        "agreement_id": str(version.agreement_id),
        "report_id": str(submitted(runtime, world).id),
    }
    officer = Caller(client, runtime, world, "officer")
    supervisor = Caller(client, runtime, world, "supervisor")  # the handover is theirs
    admin = Caller(client, runtime, world, "admin")  # and the administration the admin's
    db = Db(runtime)
    before = db.snapshot(case_id)
    tried = 0
    for method, path, media in bodies(client):
        if "application/json" not in media:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: filled.get(m[1], str(uuid4())), path)
        caller = (
            supervisor
            if path.startswith("/api/handovers")
            else admin
            if path.startswith("/api/admin")
            else officer
        )
        response = caller.raw(method.upper(), url, content, "application/json")
        problem = is_problem(response, 422)
        assert problem["errors"] == {"__root__": SHAPE}, (method, path, problem)
        tried += 1
    assert tried >= 19
    assert db.snapshot(case_id) == before


def test_each_declared_example_is_read_by_the_model_the_document_names(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    """The handler validates with the model its document declares: the example written for
    that model, sent as it is, is never refused for a field unknown or missing (it may be
    refused for its stale version or its made-up ids). One that needs neither is taken as it
    is: the follow-up's day is within the window it must fall in whenever the document is
    made."""
    agreements = Agreements(runtime, world, Cases(runtime, world))
    case_id, version = agreements.frozen()
    filled = {
        "case_id": str(case_id),
        "agreement_id": str(version.agreement_id),
        "report_id": str(submitted(runtime, world).id),
    }
    officer = Caller(client, runtime, world, "officer")
    admin = Caller(client, runtime, world, "admin")
    tried = 0
    for method, path, media in bodies(client):
        if "application/json" not in media:
            continue
        [example] = media["application/json"]["schema"]["examples"]
        url = re.sub(r"\{(\w+)\}", lambda m: filled.get(m[1], str(uuid4())), path)
        caller = admin if path.startswith("/api/admin") else officer
        response = caller.send(method.upper(), url, example)
        assert response.status_code < 500, (method, path, response.text[:300])
        if response.status_code == 422:
            errors = response.json().get("errors", {})
            assert not {UNKNOWN, MISSING} & set(errors.values()), (method, path, errors)
        if (method, path) in TAKEN:
            assert response.status_code == 201, (method, path, response.text[:300])
        tried += 1
    assert tried >= 19
