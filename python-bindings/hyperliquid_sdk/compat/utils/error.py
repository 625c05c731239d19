"""hyperliquid.utils.error: the original's HTTP error classes (raised by compat Info/Exchange
for failed calls, alongside the package's own HyperliquidError as a base)."""

from __future__ import annotations

from typing import Any


class Error(Exception):
    pass


class ClientError(Error):
    def __init__(self, status_code: int, error_code: Any, error_message: str, header: Any, error_data: Any = None) -> None:
        self.status_code = status_code
        self.error_code = error_code
        self.error_message = error_message
        self.header = header
        self.error_data = error_data
        super().__init__(status_code, error_code, error_message)


class ServerError(Error):
    def __init__(self, status_code: int, message: str) -> None:
        self.status_code = status_code
        self.message = message
        super().__init__(status_code, message)
