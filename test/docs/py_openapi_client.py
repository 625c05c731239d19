"""Calls a devnet through the client that openapi-python-client generated from openapi.json.

Run by test/docs/third-party-codegen.test.ts with the generated package on PYTHONPATH:
    python py_openapi_client.py BASE_URL USER_ADDRESS
Prints one JSON line with what came back, after checking that each answer is the generated
model of that response type (typed results, not dicts).
"""

import json
import sys

from hyperliquid_api_client import Client  # type: ignore[import-not-found]
from hyperliquid_api_client.api.info import (  # type: ignore[import-not-found]
    info_clearinghouse_state,
    info_l2_book,
    info_meta,
)
from hyperliquid_api_client.models import (  # type: ignore[import-not-found]
    ClearinghouseStateRequest,
    ClearinghouseStateResponse,
    L2BookRequest,
    L2BookResponse,
    L2Level,
    MetaRequest,
    MetaResponse,
)


def main() -> None:
    base_url, user = sys.argv[1], sys.argv[2]
    client = Client(base_url=base_url, raise_on_unexpected_status=True)

    book = info_l2_book.sync(
        client=client, body=L2BookRequest(type_="l2Book", coin="BTC")
    )
    assert isinstance(book, L2BookResponse), type(book)
    assert all(isinstance(level, L2Level) for side in book.levels for level in side)

    meta = info_meta.sync(client=client, body=MetaRequest(type_="meta"))
    assert isinstance(meta, MetaResponse), type(meta)

    state = info_clearinghouse_state.sync(
        client=client,
        body=ClearinghouseStateRequest(type_="clearinghouseState", user=user),
    )
    assert isinstance(state, ClearinghouseStateResponse), type(state)

    print(
        json.dumps(
            {
                "book": {
                    "coin": book.coin,
                    "bids": len(book.levels[0]),
                    "asks": len(book.levels[1]),
                    "bestBid": book.levels[0][0].px if book.levels[0] else None,
                },
                "meta": {"universe": [asset.name for asset in meta.universe]},
                "state": {
                    "accountValue": state.margin_summary.account_value,
                    "withdrawable": state.withdrawable,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
