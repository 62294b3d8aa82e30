"""What an API handler reads, and how the OpenAPI document is told: its query parameters and
its body, each checked with the feature's own form model.

A handler takes its body as it comes (``data: JsonBody = None``; ``FileBody`` when multipart)
and its query string as a mapping, and builds the model with
:func:`mediasi.validation.validate`: a wrong value, and a body that is not a JSON object, is
then a 422 naming the field in the caller's language, as on the pages, where Litestar's own
parsing would answer a 400 in English. Since Litestar then cannot read the input off the
signature, the handler spreads ``declared(...)`` into its decorator (beside ``documented(...)``)
to say what it reads: each query parameter with its type and limits, and the body as the model
it is validated with (its fields, limits and ``examples``), so that a client and the
schemathesis run know what to send.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Operation
from litestar.params import Body
from pydantic import BaseModel, ConfigDict

# Any JSON value, or None for no body (``data: JsonBody = None``): what is not an object is
# refused by the model, in the caller's language, as a wrong field is.
JsonBody = Annotated[Any, Body(media_type=RequestEncodingType.JSON)]
# A multipart body's fields and files (the route also says ``opt={"body": FILE}``).
FileBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


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
    """The JSON schema of ``model`` as one self-contained schema: its ``$defs`` written in
    place (in an OpenAPI document a ``#/…`` reference points into the whole document), with
    what stands beside a reference (a description) kept."""
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


def _request_body(model: type[BaseModel], files: Mapping[str, str]) -> dict[str, Any]:
    schema = body_schema(model)
    media = RequestEncodingType.JSON
    if files:
        media = RequestEncodingType.MULTI_PART
        parts = {
            name: {"type": "string", "format": "binary", "description": description}
            for name, description in files.items()
        }
        schema["properties"] = {**schema.get("properties", {}), **parts}
        schema["required"] = [*schema.get("required", []), *files]
    return {"required": True, "content": {media.value: {"schema": schema}}}


def declared(
    *,
    query: Sequence[Query] = (),
    body: type[BaseModel] | None = None,
    files: Mapping[str, str] | None = None,
    answer: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Keyword arguments for a route decorator: an operation class that adds ``query`` to the
    operation's parameters and makes ``body`` its request body; with ``files`` (name: what it
    holds) a multipart body, those parts being files. ``answer`` is a stored file's success
    (:func:`mediasi.web.openapi.file_answer`), for a download that takes a query too."""
    parameters = [parameter.to_schema() for parameter in query]

    class DeclaredOperation(Operation):
        def to_schema(self) -> dict[str, Any]:
            schema = super().to_schema()
            if parameters:
                schema["parameters"] = [*schema.get("parameters", []), *parameters]
            if body is not None:
                # When the document is made, not at import: an example may be of today.
                schema["requestBody"] = _request_body(body, files or {})
            return schema

    if answer is None:
        return {"operation_class": DeclaredOperation}
    both = type("DeclaredFileOperation", (DeclaredOperation, answer["operation_class"]), {})
    return {**answer, "operation_class": both}


def with_example(example: Mapping[str, Any] | Callable[[], Mapping[str, Any]]) -> ConfigDict:
    """A body model's ``model_config``: the example the document shows a client (its
    schema's ``examples``), written beside the model's fields. A function gives it when the
    schema is made, for an example that must move with the clock (a day from today on)."""
    if not callable(example):
        return ConfigDict(json_schema_extra={"examples": [dict(example)]})
    make = example

    def examples(schema: dict[str, Any]) -> None:
        schema["examples"] = [dict(make())]

    return ConfigDict(json_schema_extra=examples)
