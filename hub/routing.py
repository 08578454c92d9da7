"""All WebSocket routes: each app's `websocket_urlpatterns`, joined, then one that refuses
whatever path no app routes."""

from __future__ import annotations

from importlib import import_module
from typing import Any, cast

from django.conf import settings
from django.urls import re_path


async def refuse_unrouted(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A socket to a path no route takes (`/ws/nope/`, or `/ws/ideas/-1/comments/`, which
    the int converter does not match) is closed before it is accepted: the server answers
    the handshake with 403. Channels' router would raise "No route found" instead, which
    Daphne answers with a 500 and logs with a traceback."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close"})


websocket_urlpatterns: list = []
for app in settings.INSTALLED_APPS:
    if "." in app:
        continue
    try:
        module = import_module(f"{app}.routing")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.routing":
            raise
        continue
    websocket_urlpatterns += getattr(module, "websocket_urlpatterns", [])
# Last, so it takes only what no app took. (Django types routes as views; this is an ASGI app.)
websocket_urlpatterns.append(re_path(r"", cast(Any, refuse_unrouted), name="ws-unrouted"))
