"""What the OpenAPI document is told about an answer that is a stored file."""

from __future__ import annotations

from litestar.openapi.spec import Operation

from mediasi.web.openapi import file_answer


def test_a_file_answer_declares_each_type() -> None:
    kwargs = file_answer("application/pdf", "image/png", description="A file.")
    assert kwargs["media_type"] == "application/pdf"
    operation: Operation = kwargs["operation_class"](responses={"404": "kept"})
    answer = operation.to_schema()["responses"]
    assert answer["404"] == "kept"
    content = answer["200"]["content"]
    assert set(content) == {"application/pdf", "image/png"}
    assert content["image/png"]["schema"] == {"type": "string", "format": "binary"}
