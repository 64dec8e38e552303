#!/usr/bin/env bash
# Prove the offline install: from a copy of the committed source tree with bundle/ inside, with pip's
# network refused (PIP_INDEX_URL points at a closed port, config files and find-links ignored),
#   1. pip install --no-index --find-links bundle -r requirements.txt into a fresh venv, and
#   2. `run.py` creates its own .venv from the bundle, migrates an empty database and serves /login.
# Also checks the bundle's wheels statically for every target (scripts/check_bundle.py).
#     scripts/check-bundle.sh [bundle-dir]        (after `make bundle`)
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=$(realpath "${1:-bundle}")
PYTHON=${PYTHON_FOR_CHECK:-python3}
PORT=${CHECK_PORT:-5187}
[ -d "$BUNDLE" ] || { echo "no $BUNDLE: run make bundle first" >&2; exit 2; }
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill -- "-$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# No network for pip: a closed port as the index, no config files (they add find-links and extra indexes).
export PIP_INDEX_URL=http://127.0.0.1:9/ PIP_CONFIG_FILE=/dev/null PIP_NO_CACHE_DIR=1 PIP_RETRIES=0 PIP_TIMEOUT=3
unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_CONSTRAINT

.venv/bin/python scripts/check_bundle.py "$BUNDLE"

echo "check-bundle: 1. pip install --no-index into a fresh venv ($($PYTHON --version))"
start=$(date +%s)
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --no-index --find-links "$BUNDLE" -r requirements.txt
"$work/venv/bin/python" -c "import flask, sqlalchemy, reportlab, zint, segno, python_calamine, psycopg, argon2, waitress; print('check-bundle: imports ok')"
echo "check-bundle: 1. done in $(( $(date +%s) - start )) s"

echo "check-bundle: 2. run.py from a copy of the source tree"
start=$(date +%s)
git archive --format=tar HEAD | tar -x -C "$work" --one-top-level=app-copy
cp -r "$BUNDLE" "$work/app-copy/bundle"
cd "$work/app-copy"
"$PYTHON" run.py --install-only
DATABASE_URL="sqlite:///$work/app-copy/instance/check.sqlite3" setsid "$PYTHON" run.py --port "$PORT" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/login" 2>/dev/null; then break; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/login" | grep -q 'name="password"' && echo "check-bundle: /login answers"
grep -q "waitress\|→ http" "$work/server.log" && tail -n 2 "$work/server.log"
echo "check-bundle: 2. done in $(( $(date +%s) - start )) s"
echo "check-bundle: OK — installed and started with pip's network refused"
