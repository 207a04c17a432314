#!/usr/bin/env bash
# Runs every test: unit tests and end-to-end tests against real SIP peers from Debian (baresip, sipp, sox, sipvicious) and
# independent event-stream clients (Node's eventsource package, fetched from the npm registry by the test, and a
# headless Chromium whose page uses the browser's own EventSource); the storage tests run on SQLite and on a throwaway
# PostgreSQL cluster the suite starts from the Debian package's programs.
# Installs the peers first when they are missing (needs root or sudo and apt-get), so this one command works on a
# fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v baresip >/dev/null || need+=(baresip-core)
command -v sipp >/dev/null || need+=(sip-tester)
command -v sox >/dev/null || need+=(sox)
command -v svcrack >/dev/null || need+=(sipvicious)  # svwar and svcrack, the scanners SipviciousIT runs
command -v node >/dev/null || need+=(nodejs)     # an independent EventSource client (npm package eventsource)
command -v npm >/dev/null || need+=(npm)
command -v chromium >/dev/null || need+=(chromium)  # a real browser EventSource (BrowserEventSourceIT)
# PostgreSQL server programs: the suite starts a throwaway cluster (initdb + pg_ctl, as user postgres when root)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (the SIP peers and clients the end-to-end tests drive, the PostgreSQL server the storage tests use)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

exec mvn -B verify "$@"
