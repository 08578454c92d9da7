"""All WebSocket routes: each app's `websocket_urlpatterns`, joined."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings

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
