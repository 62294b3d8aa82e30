"""What the OpenAPI document is told about a body taken raw and a file answer."""

from __future__ import annotations

import json

from litestar.openapi.spec import Operation
from pydantic import BaseModel, ConfigDict, Field

from mediasi.web.openapi_shapes import body_schema, file_answer, raw_body


class Term(BaseModel):
    what: str = Field(min_length=3)


class Terms(BaseModel):
    """Some terms."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"terms": [{"what": "maaf"}]}]})

    version: int = Field(ge=1)
    terms: list[Term]
    first: Term | None = None


def test_nested_models_are_written_in_place() -> None:
    schema = body_schema(Terms)
    assert "$defs" not in schema
    assert "$ref" not in json.dumps(schema)
    assert schema["properties"]["terms"]["items"]["properties"]["what"]["minLength"] == 3
    assert schema["properties"]["first"]["anyOf"][0]["title"] == "Term"


def test_a_raw_body_documents_the_model_its_files_and_its_example() -> None:
    body = raw_body(Terms, scan="The scan.")
    extra = body.schema_extra or {}
    assert set(extra["properties"]) == {"version", "terms", "first", "scan"}
    assert extra["properties"]["scan"]["format"] == "binary"
    assert extra["required"] == ["version", "terms", "scan"]
    assert extra["additional_properties"] is False
    assert extra["examples"] == [{"terms": [{"what": "maaf"}]}]
    assert body.description == "Some terms."


def test_a_file_answer_declares_each_type() -> None:
    kwargs = file_answer("application/pdf", "image/png", description="A file.")
    assert kwargs["media_type"] == "application/pdf"
    operation: Operation = kwargs["operation_class"](responses={"404": "kept"})
    answer = operation.to_schema()["responses"]
    assert answer["404"] == "kept"
    content = answer["200"]["content"]
    assert set(content) == {"application/pdf", "image/png"}
    assert content["image/png"]["schema"] == {"type": "string", "format": "binary"}
