"""What ``declared(...)`` puts in an operation: query parameters with their schema and a body
schema that stands on its own (a model's ``$defs`` inlined: a ``#/$defs/…`` reference would
point into nothing inside the OpenAPI document)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from litestar import Litestar, post
from litestar.params import JSONBody
from pydantic import BaseModel

from mediasi.web.openapi_input import Query, body_schema, declared, integer


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Inner(BaseModel):
    colour: Colour


class Outer(BaseModel):
    inner: Inner
    many: list[Inner]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    return []


def test_a_body_schema_has_its_definitions_inlined() -> None:
    schema = body_schema(Outer)
    assert "$defs" not in schema
    assert _refs(schema) == []
    assert schema["properties"]["inner"]["properties"]["colour"]["enum"] == ["red", "blue"]
    assert schema["properties"]["many"]["items"]["required"] == ["colour"]


def test_the_operation_carries_the_declared_query_and_body() -> None:
    @post(
        "/x",
        sync_to_thread=False,
        **declared(
            query=[Query("page", integer(1, 9), "The page.", example=2)],
            body=Inner,
            example={"colour": "red"},
        ),
    )
    def handler(data: JSONBody[dict[str, Any]]) -> None:
        return None

    operation = Litestar([handler]).openapi_schema.to_schema()["paths"]["/x"]["post"]
    [page] = [p for p in operation["parameters"] if p["name"] == "page"]
    assert page == {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "The page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 9},
        "example": 2,
    }
    body = operation["requestBody"]["content"]["application/json"]
    assert body["schema"]["properties"]["colour"]["enum"] == ["red", "blue"]
    assert body["example"] == {"colour": "red"}
