"""A JSON body the OpenAPI document describes by its pydantic model (fields, constraints,
examples), while the handler takes it as a plain mapping and validates it with
:func:`mediasi.validation.validate`: a wrong field is then a 422 naming it in the caller's
language, where Litestar's own validation would answer a 400 in English."""

from __future__ import annotations

from typing import Any

from litestar.params import Body
from pydantic import BaseModel

_DOCUMENTED = ("properties", "required", "additionalProperties", "examples", "description")


def json_body(model: type[BaseModel]) -> Any:
    """For ``Annotated[dict[str, Any], json_body(Model)]``: the request body as ``Model``
    describes it. A model with nested models would need their components: keep bodies flat."""
    schema = model.model_json_schema()
    assert "$defs" not in schema, f"{model.__name__}: a flat body, please"
    return Body(schema_extra={key: schema[key] for key in _DOCUMENTED if key in schema})
