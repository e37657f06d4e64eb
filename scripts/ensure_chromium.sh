#!/usr/bin/env bash
# Browser tests need Debian's chromium. Install it when missing and we may (root + apt-get);
# otherwise the browser tests skip themselves and say why.
set -u
if command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(chromium --version 2>/dev/null | head -1)"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing: installing Debian's chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    && echo "chromium: $(chromium --version | head -1)" && exit 0
  echo "WARNING: installing chromium failed; browser tests will be skipped"
else
  echo "NOTE: chromium is missing and this is not root with apt-get; browser tests will be skipped"
fi
exit 0
