"""What ``declared(...)`` puts in an operation: query parameters with their schema, and a body
schema that stands on its own (a model's ``$defs`` inlined: a ``#/$defs/…`` reference would
point into nothing inside the OpenAPI document), with the model's examples; a multipart body
with its file parts."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from litestar import Litestar, post
from pydantic import BaseModel, ConfigDict, Field

from mediasi.web.openapi_input import FileBody, JsonBody, Query, body_schema, declared, integer


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Inner(BaseModel):
    """One colour."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"colour": "red"}]})

    colour: Colour


class Outer(BaseModel):
    inner: Inner = Field(description="The first.")
    many: list[Inner]
    maybe: Inner | None = None


def test_a_body_schema_has_its_definitions_inlined() -> None:
    schema = body_schema(Outer)
    assert "$defs" not in schema
    assert "$ref" not in json.dumps(schema)
    assert schema["properties"]["inner"]["properties"]["colour"]["enum"] == ["red", "blue"]
    assert schema["properties"]["inner"]["description"] == "The first."  # kept beside its $ref
    assert schema["properties"]["many"]["items"]["required"] == ["colour"]
    assert schema["properties"]["maybe"]["anyOf"][0]["title"] == "Inner"


def _operation(handler: Any) -> dict[str, Any]:
    operation: dict[str, Any] = Litestar([handler]).openapi_schema.to_schema()["paths"]["/x"]
    return operation["post"]


def test_the_operation_carries_the_declared_query_and_body() -> None:
    @post(
        "/x",
        sync_to_thread=False,
        **declared(query=[Query("page", integer(1, 9), "The page.", example=2)], body=Inner),
    )
    def handler(data: JsonBody = None) -> None:
        return None

    operation = _operation(handler)
    [page] = [p for p in operation["parameters"] if p["name"] == "page"]
    assert page == {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "The page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 9},
        "example": 2,
    }
    assert operation["requestBody"]["required"] is True
    [(media, body)] = operation["requestBody"]["content"].items()
    assert media == "application/json"
    assert body["schema"]["properties"]["colour"]["enum"] == ["red", "blue"]
    assert body["schema"]["examples"] == [{"colour": "red"}]
    assert body["schema"]["description"] == "One colour."


def test_a_multipart_body_declares_its_fields_and_its_files() -> None:
    @post("/x", sync_to_thread=False, **declared(body=Inner, files={"scan": "The scan."}))
    def handler(data: FileBody) -> None:
        return None

    [(media, body)] = _operation(handler)["requestBody"]["content"].items()
    assert media == "multipart/form-data"
    schema = body["schema"]
    assert schema["properties"]["scan"] == {
        "type": "string",
        "format": "binary",
        "description": "The scan.",
    }
    assert schema["required"] == ["colour", "scan"]
