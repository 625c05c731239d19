"""The generated bindings: the Info client sends the right bodies and returns typed results."""

from __future__ import annotations

from typing import Any

from hyperliquid_sdk_bindings import InfoClient
from hyperliquid_sdk_bindings.types import L2BookResponse, OrderWire


class FakePost:
    def __init__(self, response: Any) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.response = response

    def __call__(self, path: str, body: dict[str, Any]) -> Any:
        self.calls.append((path, body))
        return self.response


def test_l2_book_sends_type_and_params() -> None:
    book: L2BookResponse = {"coin": "BTC", "time": 1, "levels": ([{"px": "1", "sz": "2", "n": 1}], [])}
    post = FakePost(book)
    result = InfoClient(post=post).l2_book(coin="BTC")
    assert post.calls == [("/info", {"type": "l2Book", "coin": "BTC"})]
    assert result["coin"] == "BTC"


def test_optional_params_are_left_out_unless_given() -> None:
    post = FakePost({})
    client = InfoClient(post=post)
    client.all_mids()
    client.all_mids(dex="test")
    assert post.calls == [("/info", {"type": "allMids"}), ("/info", {"type": "allMids", "dex": "test"})]


def test_wire_types_are_typed_dicts() -> None:
    order: OrderWire = {"a": 0, "b": True, "p": "1", "s": "1", "r": False, "t": {"limit": {"tif": "Gtc"}}}
    assert order["t"]["limit"]["tif"] == "Gtc"
