#!/usr/bin/env bash
# Re-extract the Vietnamese source strings and merge them into the English catalogue.
# Then translate the new entries in app/translations/en/LC_MESSAGES/messages.po and run `make translations`.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o app/translations/messages.pot .
if [ -f app/translations/en/LC_MESSAGES/messages.po ]; then
  .venv/bin/pybabel update -i app/translations/messages.pot -d app/translations -l en --no-fuzzy-matching
else
  .venv/bin/pybabel init -i app/translations/messages.pot -d app/translations -l en
fi
