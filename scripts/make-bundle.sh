#!/usr/bin/env bash
# `make bundle`: write bundle/ — every wheel the app needs (requirements.txt) for Linux x86-64 and Windows
# amd64 and each supported Python, plus README-bundle.txt and run.py — then verify it offline
# (scripts/check_bundle.py) and pack the source tree with it into dist/bau-cu-tdp-offline.zip.
# Needs the network once, here; the laptops that receive the bundle need none.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
OUT=${BUNDLE:-bundle}
PYTHONS=${BUNDLE_PYTHONS:-"3.11 3.12 3.13"}
LINUX=(--platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64
       --platform manylinux2014_x86_64 --platform manylinux1_x86_64)
# pip evaluates `; sys_platform == "win32"` markers against THIS machine, so Windows-only requirements
# are named again for the Windows downloads (check_bundle.py verifies none is missing).
WINDOWS_ONLY=$(grep -E 'sys_platform *== *"win32"' requirements.txt | sed -E 's/ *;.*//' || true)

tmp="$OUT.part"
rm -rf "$tmp" && mkdir -p "$tmp"
for version in $PYTHONS; do
  echo "bundle: Python $version, Linux x86-64"
  "$PY" -m pip download --quiet --disable-pip-version-check --only-binary=:all: --implementation cp \
      --python-version "$version" "${LINUX[@]}" -d "$tmp" -r requirements.txt
  echo "bundle: Python $version, Windows amd64"
  # shellcheck disable=SC2086
  "$PY" -m pip download --quiet --disable-pip-version-check --only-binary=:all: --implementation cp \
      --python-version "$version" --platform win_amd64 -d "$tmp" -r requirements.txt $WINDOWS_ONLY
done
cp run.py "$tmp/run.py"
cp scripts/README-bundle.txt "$tmp/README-bundle.txt"
"$PY" scripts/check_bundle.py "$tmp" --pythons $PYTHONS
rm -rf "$OUT" && mv "$tmp" "$OUT"
mkdir -p dist
"$PY" - "$OUT" <<'PYEOF'
"""dist/bau-cu-tdp-offline.zip: the committed source tree (git archive HEAD) with the bundle inside it."""
import io, subprocess, sys, zipfile
from pathlib import Path

bundle = Path(sys.argv[1])
source = subprocess.run(["git", "archive", "--format=zip", "--prefix=bau-cu-tdp/", "HEAD"],
                        check=True, capture_output=True).stdout
target = Path("dist/bau-cu-tdp-offline.zip")
with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
    for item in src.infolist():
        out.writestr(item, src.read(item))
    for path in sorted(bundle.iterdir()):
        out.write(path, f"bau-cu-tdp/bundle/{path.name}")
print(f"bundle: {target} ({target.stat().st_size / 1e6:.0f} MB)")
PYEOF
echo "bundle: $(ls "$OUT"/*.whl | wc -l) wheels, $(du -sh "$OUT" | cut -f1) in $OUT/"
