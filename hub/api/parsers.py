"""The REST API's JSON parser: DRF's, through `hub.safe_json.parse_json` (depth-limited)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from hub.safe_json import JSONTooDeep, parse_json

# The ParseError code of a body nested too deeply; the exception handler keeps its message.
TOO_DEEP = "json_too_deep"


class JSONParser(parsers.JSONParser):
    """JSON bodies, refusing nesting beyond `hub.safe_json.MAX_DEPTH` levels with a 400.

    The default parser of every endpoint (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES); views
    that list their own parsers name this one.
    """

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            # bytes.decode accepts text encodings only (not bz2_codec and the like).
            return parse_json(stream.read().decode(encoding))
        except LookupError:
            raise ParseError(
                f'Unsupported charset "{encoding}" in the Content-Type header.'
            ) from None
        except JSONTooDeep as exc:
            raise ParseError(str(exc), code=TOO_DEEP) from None
        except ValueError as exc:  # also a body that is not valid in its charset
            raise ParseError(f"JSON parse error - {exc}") from None
