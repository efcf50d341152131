#!/usr/bin/env bash
# Makes sure the dashboard's browser tests have Debian's chromium and its chromedriver at
# /usr/bin/chromium and /usr/bin/chromedriver (the tests point Selenium at exactly those, so
# nothing is downloaded at run time). Installs them from Debian's packages when missing, then
# checks that chromium starts headless and that both report the same major version.
# Run as root; safe to run again.
set -euo pipefail

say() { echo "prepare-browser: $*"; }
die() { echo "prepare-browser: $*" >&2; exit 1; }

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    [[ $(id -u) -eq 0 ]] || die "chromium or chromedriver is missing and installing them needs root"
    say "installing chromium and chromium-driver from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver
fi

browser_version=$(timeout 60 /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --version 2>/dev/null \
    | grep -o '[0-9][0-9.]*' | head -n 1) || die "chromium does not start (chromium --version failed)"
driver_version=$(timeout 30 /usr/bin/chromedriver --version | grep -o '[0-9][0-9.]*' | head -n 1) \
    || die "chromedriver does not start"
[[ ${browser_version%%.*} == "${driver_version%%.*}" ]] \
    || die "chromium $browser_version and chromedriver $driver_version differ in major version; install both from one source"
say "chromium $browser_version and chromedriver $driver_version are ready"
