"""A drop-in for hyperliquid-python-sdk 0.24: replace ``hyperliquid`` with ``hyperliquid_sdk.compat``
in a bot's imports. ``info.Info``, ``exchange.Exchange``, ``websocket_manager.WebsocketManager`` and
``utils.constants`` / ``utils.signing`` / ``utils.types`` keep the original's names, argument
order, defaults and return shapes (JSON dicts of the wire). Calls go through a local `hl serve`
(see docs in README.md, "compat"); the signing helpers of ``utils.signing`` are a local
implementation (eth_account + msgpack), checked against the shared conformance vectors."""
