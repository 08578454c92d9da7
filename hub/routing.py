"""All WebSocket routes: the live comment threads (of ideas and citizen proposals) and live
dialogue pages (one protocol, comments/consumers.py), then one that refuses whatever path
they do not take."""

from __future__ import annotations

from typing import Any, cast

from django.urls import re_path

from comments.routing import websocket_urlpatterns as comment_routes
from dialogues.routing import websocket_urlpatterns as dialogue_routes


async def refuse_unrouted(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A socket to a path no route takes (`/ws/nope/`, or `/ws/ideas/-1/comments/`, which
    the int converter does not match) is closed before it is accepted: the server answers
    the handshake with 403. Channels' router would raise "No route found" instead, which
    Daphne answers with a 500 and logs with a traceback."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close"})


websocket_urlpatterns: list = [
    *comment_routes,
    *dialogue_routes,
    # Last, so it takes only what no route took. (Django types routes as views; this is an
    # ASGI app.)
    re_path(r"", cast(Any, refuse_unrouted), name="ws-unrouted"),
]
