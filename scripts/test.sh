#!/usr/bin/env bash
# Install everything the tests need, then run them all.
# Used as-is by .ci/run; needs root (or sudo) only to install Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: Chromium (browser tests), nginx and its brotli_static
# module (the site is served for real), Java and npm (the Nu HTML Checker), poppler-utils
# (pdftotext reads the PDF notices back), Pango (WeasyPrint renders them).
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/sbin/nginx ] || packages+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] ||
  packages+=(libnginx-mod-http-brotli-static)
command -v java >/dev/null || packages+=(default-jre-headless)
command -v npm >/dev/null || packages+=(npm)
command -v pdftotext >/dev/null || packages+=(poppler-utils)
ldconfig -p | grep -q libpangoft2-1.0 || packages+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    echo "warning: missing ${packages[*]}; browser and PDF tests will fail or skip" >&2
  fi
fi

# The Nu HTML Checker, from the npm registry, kept out of the repository.
if [ ! -f .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  mkdir -p .cache/vnu
  (cd .cache/vnu && npm install --silent --no-audit --no-fund vnu-jar@26 >/dev/null)
fi

# The SARIF 2.1.0 JSON Schema, as Microsoft's SARIF SDK ships it (the tests validate
# `check --format sarif` against it); the package's tarball only, no dependencies.
sarif_schema=.cache/sarif/package/lib/schemas/sarif-2.1.0-rtm.5.json
if [ ! -f "$sarif_schema" ]; then
  mkdir -p .cache/sarif
  (cd .cache/sarif && tar xzf "$(npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0)")
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff format --check generator tests benchmarks scripts
.venv/bin/ruff check generator tests benchmarks scripts
.venv/bin/python -m pytest "$@"
