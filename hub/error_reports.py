"""Error reports (the mail to ADMINS, the debug page) without the credentials in URLs.

Django hides settings whose *name* looks secret (…PASSWORD, …KEY, …TOKEN); REDIS_URL,
ELASTICSEARCH_URL, a cache's LOCATION or a channel layer's address hold a password inside
their *value*. This filter also replaces the password part of any URL in a setting (nested in
dicts, lists and tuples too), in the request's headers and cookies, and in the local
variables of each frame, keeping the rest of the URL readable for whoever debugs.
"""

from __future__ import annotations

import re
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

# scheme://userinfo@ — the userinfo ends at the last "@" before the host, as urllib reads
# it (a password may hold an unencoded "@" or ":"; "/", "?" and "#" would end the netloc).
_USERINFO = re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.\-]*://)(?P<userinfo>[^\s/?#]*)@", re.I)
# ?password=… / &api_key=… : credentials passed as query parameters (redis-py, some clients).
_QUERY_SECRET = re.compile(
    r"(?P<name>[?&][^=&\s#]*(?:pass|secret|token|key|auth)[^=&\s#]*=)[^&\s#]*", re.I
)


class ExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, plus: no password of a URL in any value that the report shows."""

    def cleanse_url_credentials(self, text: str) -> str:
        """`text` with the password of every URL in it replaced (the whole userinfo when it has
        no password: a lone name there may be a token); query parameters named like a secret
        too."""

        def userinfo(match: re.Match[str]) -> str:
            user, colon, _ = match["userinfo"].partition(":")
            shown = f"{user}:{self.cleansed_substitute}" if colon else self.cleansed_substitute
            return f"{match['scheme']}{shown}@"

        text = _USERINFO.sub(userinfo, text)
        return _QUERY_SECRET.sub(lambda m: m["name"] + self.cleansed_substitute, text)

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        # Django recurses into dicts, lists and tuples through this method, so every nested
        # string passes here too (settings, request.META, cookies).
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, str):
            return self.cleanse_url_credentials(cleansed)
        return cleansed

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        # A frame's locals may hold a setting's value (a cache backend's `location`, a
        # client's `url`); its strings, also inside dicts, lists and tuples, are cleansed
        # like the settings. Other objects are shown as Django shows them.
        return [
            (name, self._cleanse_value(value))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def _cleanse_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.cleanse_url_credentials(value)
        if type(value) in (dict, list, tuple):
            return self.cleanse_setting("", value)
        return value
