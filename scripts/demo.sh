#!/usr/bin/env bash
# The quick start: builds Celeriac, starts a worker in its own JVM, runs add.delay(5, 5) through
# the broker and prints the result. Uses the broker at CELERIAC_BROKER_URL (or --broker), else the
# local one (amqp://guest:guest@localhost:5672//) when it answers, else the embedded broker that
# `celeriac demo` starts in its own process: nothing needs to be installed or running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/java.sh
source scripts/lib/java.sh
celeriac_select_java

say() { echo "demo: $*" >&2; }

say "building (Maven wrapper, JAVA_HOME=$JAVA_HOME)"
./mvnw -q -B install -DskipTests -Dspotless.check.skip=true

exec bin/celeriac demo "$@"
