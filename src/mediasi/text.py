"""Texts shown to people: Bahasa Indonesia first, English where given."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class Text(BaseModel):
    """A text in Bahasa Indonesia, with English where the author gave it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=300)
    en: str | None = Field(default=None, min_length=1, max_length=300)

    def get(self, lang: str) -> str:
        return (self.en if lang == "en" else None) or self.id


def _coerce_text(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


LocalText = Annotated[Text, BeforeValidator(_coerce_text)]
