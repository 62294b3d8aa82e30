"""Texts written in workflow files: Bahasa Indonesia first, other languages where given.

A workflow label is ``{id: …, en: …}`` (or a plain Indonesian string); any language code the
catalogs have may appear beside ``id``. Code shows a :class:`Text` and a catalog
:class:`~mediasi.i18n.Message` alike, through ``get(lang)`` (see :data:`Translatable`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from mediasi.i18n import Translatable

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_MAX_LENGTH = 300


class Text(BaseModel):
    """A text in Bahasa Indonesia (``id``), other languages by their code (``en``, ``jv`` …)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str = Field(min_length=1, max_length=_MAX_LENGTH)

    @model_validator(mode="after")
    def _languages(self) -> Text:
        for code, value in (self.model_extra or {}).items():
            if not _LANGUAGE_CODE.match(code):
                raise ValueError(f"{code!r} is not a language code (e.g. en, jv)")
            if not isinstance(value, str) or not 1 <= len(value) <= _MAX_LENGTH:
                raise ValueError(f"the {code!r} text must be 1 to {_MAX_LENGTH} characters")
        return self

    def get(self, lang: str) -> str:
        if lang == "id":
            return self.id
        value = (self.model_extra or {}).get(lang)
        return value if isinstance(value, str) and value else self.id

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted((self.model_extra or {}).items()))))


def _coerce_text(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


LocalText = Annotated[Text, BeforeValidator(_coerce_text)]

__all__ = ["LocalText", "Text", "Translatable"]
