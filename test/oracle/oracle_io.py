"""The JSON-lines loop shared by the Python oracles: one request line in, one answer line out."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any


def serve(handle: Callable[[Any], Any]) -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            out = handle(json.loads(line))
        except Exception as e:  # noqa: BLE001 - one bad line must not stop the others
            out = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
