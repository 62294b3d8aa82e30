"""The templates' ``url_for``: the same paths as Litestar's ``route_reverse``, each route
chosen once per app."""

from __future__ import annotations

from types import SimpleNamespace
from uuid import UUID

import pytest
from litestar import Litestar, get
from litestar.exceptions import NoRouteMatchFoundException

from mediasi.web.route_urls import url_for


@get(["/cases", "/cases/{case_id:uuid}", "/cases/{case_id:uuid}/steps/{trigger:str}"], name="c")
async def cases() -> None:
    return None


@pytest.fixture
def context() -> dict[str, object]:
    return {"request": SimpleNamespace(app=Litestar([cases]))}


CASE = UUID(int=7)


@pytest.mark.parametrize(
    "parameters",
    [{}, {"case_id": CASE}, {"case_id": CASE, "trigger": "assess"}, {"case_id": str(CASE)}],
)
def test_the_path_is_litestars_for_every_set_of_parameters(
    context: dict[str, object], parameters: dict[str, object]
) -> None:
    app = context["request"].app  # type: ignore[attr-defined]
    expected = app.route_reverse("c", **parameters)
    assert url_for(context, "c", **parameters) == expected
    assert url_for(context, "c", **parameters) == expected  # the kept route gives the same


def test_each_call_fills_in_its_own_values(context: dict[str, object]) -> None:
    other = UUID(int=8)
    assert url_for(context, "c", case_id=CASE, trigger="assess") == (f"/cases/{CASE}/steps/assess")
    assert url_for(context, "c", case_id=other, trigger="close") == f"/cases/{other}/steps/close"


def test_an_unknown_name_is_an_error(context: dict[str, object]) -> None:
    with pytest.raises(NoRouteMatchFoundException):
        url_for(context, "no_such_route")
