#!/usr/bin/env bash
# The system tools the test suite drives for real: poppler (pdftotext, pdftoppm, pdffonts), zbar (zbarimg)
# and Debian's Chromium. Installs what is missing with apt-get when run as root; otherwise says what to install.
set -euo pipefail
missing=()
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v zbarimg   >/dev/null || missing+=(zbar-tools)
command -v chromium  >/dev/null || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Cài đặt gói hệ thống: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Thiếu gói hệ thống: ${missing[*]}. Hãy cài: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
