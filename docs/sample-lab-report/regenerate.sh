#!/usr/bin/env bash
# Regenerates the sample lab report: the default lab with CPython beside it, then a screenshot of
# index.html in headless Chromium (apt-get install chromium), the load before and after recorded.
#   docs/sample-lab-report/regenerate.sh     (from the repository root; run it on a quiet machine)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/docs/sample-lab-report"
cd "$ROOT"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/load.txt"
./mp4j lab --python --report docs/sample-lab-report | tee "$OUT/run.txt"
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [[ -n "$CHROMIUM" ]]; then
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2600 \
    --screenshot="$OUT/screenshot.png" "file://$OUT/index.html" 2>/dev/null
else
  echo "no chromium: the screenshot is not updated (apt-get install chromium)" >&2
fi
