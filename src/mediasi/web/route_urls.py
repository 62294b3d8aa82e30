"""``url_for`` for the templates, each route's path found once per app.

Litestar's own looks the handler up by name and sorts its routes on every call, and a case
page calls it a few dozen times: a fifteenth of the page's rendering. The route is chosen the
same way (the one with the most path parameters that the call names them all for), and it is
kept per app, name and parameter names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Litestar
from litestar.exceptions import NoRouteMatchFoundException
from litestar.types.internal_types import PathParameterDefinition
from litestar.utils import join_paths

Components = tuple[str | PathParameterDefinition, ...]
# The app state's key of the routes chosen so far, by name and parameter names.
CHOSEN = "mediasi_routes_chosen"


def _route(app: Litestar, name: str, given: frozenset[str]) -> Components:
    index = app.get_handler_index_by_name(name)
    if index is None:
        raise NoRouteMatchFoundException(f"Route {name} can not be found")
    routes = sorted(
        app.asgi_router.route_mapping[index["identifier"]],
        key=lambda route: len(route.path_parameters),
        reverse=True,
    )
    chosen = next((r for r in routes if given.issuperset(r.path_parameters)), routes[-1])
    return tuple(chosen.path_components)


def url_for(context: Mapping[str, Any], /, route_name: str, **path_parameters: Any) -> str:
    """The path of the named route with these parameters (a missing one is an error)."""
    app: Litestar = context["request"].app
    chosen: dict[tuple[str, frozenset[str]], Components] = app.state.setdefault(CHOSEN, {})
    key = (route_name, frozenset(path_parameters))
    components = chosen.get(key)
    if components is None:
        components = chosen[key] = _route(app, route_name, key[1])
    parts = []
    for component in components:
        if isinstance(component, PathParameterDefinition):
            if component.name not in path_parameters:
                raise NoRouteMatchFoundException(f"{route_name} needs {component.name}")
            parts.append(str(path_parameters[component.name]))
        else:
            parts.append(component)
    return join_paths(parts)
