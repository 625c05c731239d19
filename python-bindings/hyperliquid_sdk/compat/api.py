"""hyperliquid.api: the original's base class of Info and Exchange. Its ``post(url_path, payload)``
is a raw JSON POST to ``base_url + url_path`` (urllib here, requests there) that returns the
parsed answer and raises ClientError (4xx) / ServerError (5xx) like the original. It does not go
through `hl serve`: nothing is signed for it, so a payload to /exchange must already be signed."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, NoReturn, Optional

from .utils.constants import MAINNET_API_URL
from .utils.error import ClientError, ServerError


class API:
    def __init__(self, base_url: Optional[str] = None, timeout: Optional[float] = None) -> None:
        self.base_url = base_url or MAINNET_API_URL
        self.timeout = timeout

    def post(self, url_path: str, payload: Any = None) -> Any:
        body = json.dumps(payload or {}).encode()
        req = urllib.request.Request(self.base_url + url_path, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                text = res.read().decode()
        except urllib.error.HTTPError as e:
            _raise_for(e.code, e.read().decode(errors="replace"), e.headers)
        try:
            return json.loads(text)
        except ValueError:
            return {"error": f"Could not parse JSON: {text}"}


def _raise_for(status: int, text: str, headers: Any) -> NoReturn:
    if status >= 500:
        raise ServerError(status, text)
    try:
        err = json.loads(text)
    except ValueError:
        raise ClientError(status, None, text, None, headers) from None
    if not isinstance(err, dict):
        raise ClientError(status, None, text, None, headers)
    raise ClientError(status, err.get("code"), err.get("msg", text), headers, err.get("data"))
