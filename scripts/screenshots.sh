#!/usr/bin/env bash
# Screenshots of the Spanish advisory page on a desktop and on a phone (Debian's chromium).
# Usage: bash scripts/screenshots.sh [OUTDIR]   (default: screenshots/, not committed)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-screenshots}"
mkdir -p "$out"
port=$((20000 + RANDOM % 20000))
site=$(mktemp -d)
.venv/bin/advisories build --site-dir "$site/site" --site-url "http://127.0.0.1:$port/" >/dev/null
python3 -m http.server "$port" --bind 127.0.0.1 -d "$site/site" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$site"' EXIT
sleep 1
url="http://127.0.0.1:$port/es/advisories/mixpanel-analytics-2025/"
shoot() { # name width height [extra flags]
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$(mktemp -d)" --window-size="$2,$3" ${4:-} \
    --screenshot="$out/$1.png" "$url" 2>/dev/null
}
shoot es-desktop 1280 2600
shoot es-phone 360 4200 "--force-device-scale-factor=2"
echo "wrote $out/es-desktop.png and $out/es-phone.png"
