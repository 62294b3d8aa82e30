"""What an API handler reads itself, declared in the OpenAPI document: its query parameters
and its JSON body.

The API checks its input with the feature's own form models (:func:`mediasi.validation.validate`),
so that a wrong value is a 422 naming the parameter or field in the caller's language, as on
the pages; Litestar's parameter parsing would answer a 400 in English, and a handler that takes
``dict[str, Any]`` would be documented as taking any object. A handler spreads
``declared(...)`` into its decorator (beside ``documented(...)``) to say what it reads: each
query parameter with its type and limits, and the body as the pydantic model it is validated
with, with an example, so that a client and the schemathesis run know what to send.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from litestar.openapi.spec import Operation
from pydantic import BaseModel

JSON = "application/json"


@dataclass(frozen=True)
class Query:
    """One query parameter: its name, its JSON schema (type and limits) and what it means."""

    name: str
    schema: Mapping[str, Any]
    description: str
    required: bool = False
    example: Any = None

    def to_schema(self) -> dict[str, Any]:
        parameter = {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": dict(self.schema),
        }
        if self.example is not None:
            parameter["example"] = self.example
        return parameter


def text(max_length: int, pattern: str | None = None, **more: Any) -> dict[str, Any]:
    """A string parameter of at most ``max_length`` characters (matching ``pattern``)."""
    schema: dict[str, Any] = {"type": "string", "maxLength": max_length, **more}
    if pattern is not None:
        schema["pattern"] = pattern
    return schema


def integer(minimum: int, maximum: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


UUID_SCHEMA = {"type": "string", "format": "uuid"}
DATE_SCHEMA = {"type": "string", "format": "date"}
BOOLEAN_SCHEMA = {"type": "boolean"}


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema of ``model`` as one self-contained schema (its ``$defs`` inlined)."""
    schema = model.model_json_schema(mode="validation")
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str) and reference.startswith("#/$defs/"):
                found = inline(definitions[reference.removeprefix("#/$defs/")])
                return {**found, **{k: inline(v) for k, v in node.items() if k != "$ref"}}
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    return inlined


def declared(
    *,
    query: Sequence[Query] = (),
    body: type[BaseModel] | None = None,
    example: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Keyword arguments for a route decorator: an operation class that adds ``query`` to the
    operation's parameters and makes ``body`` (with ``example``) its request body."""
    parameters = [parameter.to_schema() for parameter in query]
    request_body = None
    if body is not None:
        media: dict[str, Any] = {"schema": body_schema(body)}
        if example is not None:
            media["example"] = dict(example)
        request_body = {"required": True, "content": {JSON: media}}

    class DeclaredOperation(Operation):
        def to_schema(self) -> dict[str, Any]:
            schema = super().to_schema()
            if parameters:
                schema["parameters"] = [*schema.get("parameters", []), *parameters]
            if request_body is not None:
                schema["requestBody"] = request_body
            return schema

    return {"operation_class": DeclaredOperation}
