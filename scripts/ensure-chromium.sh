#!/usr/bin/env bash
# The HTML report test drives a real Chromium. Use CHROMIUM_PATH or Debian's /usr/bin/chromium; where it is
# missing and apt-get can be used (root, as on CI), install Debian's chromium and a CJK font for screenshots.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser test…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei >/dev/null
  exit 0
fi
echo "The HTML report test needs Chromium: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
