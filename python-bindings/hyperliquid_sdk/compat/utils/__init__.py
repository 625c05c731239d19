"""hyperliquid.utils of hyperliquid-python-sdk 0.24: constants, signing, types."""
