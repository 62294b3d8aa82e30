"""Shapes the OpenAPI document cannot read off a handler's signature: a body the handler takes
as a plain mapping (validated by :func:`mediasi.validation.validate`, so that each wrong field
is named in the caller's language, not refused by the framework in English) documented as the
pydantic model it is checked against, and a success that is a stored file, not JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.enums import RequestEncodingType
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Schema,
)
from litestar.params import Body, BodyKwarg
from pydantic import BaseModel


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema with its ``$defs`` written in place: in an OpenAPI document a
    ``#/…`` reference points into the whole document, not into this schema."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolved(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolved(defs[ref.removeprefix("#/$defs/")])
            return {key: resolved(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolved(value) for value in node]
        return node

    whole: dict[str, Any] = resolved(schema)
    return whole


def raw_body(
    model: type[BaseModel],
    media_type: RequestEncodingType = RequestEncodingType.JSON,
    **file_parts: str,
) -> BodyKwarg:
    """The ``Body`` of a handler that takes its body as it comes (``Any``: a JSON array is
    then refused by the validation, in the caller's language, not by the framework),
    documented as ``model``; ``file_parts`` (name=description) adds the files of a multipart
    body."""
    schema = body_schema(model)
    properties = dict(schema["properties"])
    required = list(schema.get("required", []))
    for name, description in file_parts.items():
        properties[name] = {"type": "string", "format": "binary", "description": description}
        required.append(name)
    body: BodyKwarg = Body(
        media_type=media_type,
        title=model.__name__,
        description=model.__doc__,
        schema_extra={
            "type": OpenAPIType.OBJECT,
            "properties": properties,
            "required": required,
            "additional_properties": False,
            "examples": schema.get("examples"),
        },
    )
    return body


def file_answer(*media_types: str, description: str) -> dict[str, Any]:
    """Keyword arguments for a route whose success is a stored file of one of ``media_types``:
    the success declared once per type, as bytes."""

    @dataclass
    class FileOperation(Operation):
        def __post_init__(self) -> None:
            binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
            answer = OpenAPIResponse(
                description=description,
                content={kind: OpenAPIMediaType(schema=binary) for kind in media_types},
            )
            self.responses = {**(self.responses or {}), "200": answer}

    return {"media_type": media_types[0], "operation_class": FileOperation}
