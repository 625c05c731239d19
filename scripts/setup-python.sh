#!/usr/bin/env bash
# Creates .venv-oracle with the official Python SDK (the differential oracle) and the Python
# tooling (mypy, ruff, pytest). Idempotent: skips pip when the requirements are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-oracle
REQS="hyperliquid-python-sdk==0.24.0 mypy==1.* ruff pytest hypothesis pydantic==2.* grpcio==1.* grpcio-tools==1.* protobuf types-protobuf grpc-stubs build pdoc openapi-python-client"
STAMP="$VENV/.requirements"
PY=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$REQS" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check $REQS
  echo "$REQS" > "$STAMP"
fi
echo "$VENV/bin/python"
