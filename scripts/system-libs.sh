#!/usr/bin/env bash
# Make sure the Debian libraries Qt needs are installed.
#   scripts/system-libs.sh headless   offscreen Qt
#   scripts/system-libs.sh test       also what the tests use: poppler (pdftotext), PostgreSQL,
#                                     LibreOffice Calc (prints the workbook to PDF)
#   scripts/system-libs.sh window     also what a real window under Xvfb needs
# As root, installs what is missing; otherwise says what to install and fails.
set -euo pipefail

headless=(libgl1 libegl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 fonts-dejavu-core)
testing=(poppler-utils postgresql libreoffice-calc-nogui)  # read back our PDFs, run PostgreSQL,
                                                         # print the workbook as a person would
window=(xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
        libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)

wanted=("${headless[@]}")
[[ ${1:-headless} == test ]] && wanted+=("${testing[@]}")
[[ ${1:-headless} == window ]] && wanted+=("${window[@]}")

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-libs: not a Debian system; make sure Qt's libraries are installed: ${wanted[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$pkg")
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "system-libs: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-libs: Qt needs these Debian packages; install them, then run make again:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
