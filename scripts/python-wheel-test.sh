#!/usr/bin/env bash
# Builds the Python package's wheel (with the bundled `hl serve`), installs it into a fresh venv
# (no system site-packages; dependencies from PyPI) and runs python-bindings/tests against the
# installed package, not the source tree (with the official SDK beside it as the compat tests' oracle). The venv is kept between runs and rebuilt only when
# the wheel changes (its sha256 is the stamp); pip's own cache keeps dependency downloads.
#   bash scripts/python-wheel-test.sh [pytest args…]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_PY=${HL_PYTHON:-$ROOT/.venv-oracle/bin/python}   # has `build`
VENV=$ROOT/python-bindings/.venv-wheel
OUT=$ROOT/python-bindings/dist

node scripts/build-python-server.mjs
rm -rf "$OUT" python-bindings/build python-bindings/*.egg-info
"$BUILD_PY" -m build --wheel --outdir "$OUT" python-bindings >/dev/null
rm -rf python-bindings/build python-bindings/*.egg-info
WHEEL=$(ls "$OUT"/*.whl)
SUM=$(sha256sum "$WHEEL" | cut -d' ' -f1)
if [ ! -f "$VENV/.wheel-sha256" ] || [ "$(cat "$VENV/.wheel-sha256")" != "$SUM" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  # The official SDK is the oracle of the compat tests (same actions posted by both); not a dependency of the wheel.
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${WHEEL}[compat]" pytest hypothesis hyperliquid-python-sdk==0.24.0
  echo "$SUM" > "$VENV/.wheel-sha256"
fi
# The tests run from a copy, so `import hyperliquid_sdk` can only find the installed wheel.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r python-bindings/tests "$WORK/tests"
SHARED=$ROOT/../shared/conformance/vectors
if [ ! -d "$SHARED" ] && [ "${CI:-}" = true ]; then
  echo "python-wheel-test: ../shared/conformance/vectors is missing (required under CI=true)" >&2
  exit 1
fi
cd "$WORK"
HL_REPO=$ROOT HL_CONFORMANCE_VECTORS=$SHARED HL_WHEEL_TEST=1 "$VENV/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$WORK" tests "$@"
