#!/usr/bin/env bash
# The quick start: builds Celeriac, starts a worker in its own JVM, runs add.delay(5, 5) through
# RabbitMQ and prints the result. Uses the broker at CELERIAC_BROKER_URL, by default the local one
# (amqp://guest:guest@localhost:5672//); starts a locally installed RabbitMQ when it is not running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/java.sh
source scripts/lib/java.sh
celeriac_select_java

say() { echo "demo: $*" >&2; }

# Only the default local broker is ours to start; a named one is the caller's business.
if [[ -z "${CELERIAC_BROKER_URL:-}" ]] && command -v rabbitmqctl >/dev/null 2>&1; then
  if ! rabbitmqctl -q status >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]] && command -v rabbitmq-server >/dev/null 2>&1; then
      say "starting the local RabbitMQ"
      rabbitmq-server -detached
      timeout 120 rabbitmqctl -q await_startup >/dev/null
    fi
  fi
fi

say "building (Maven wrapper, JAVA_HOME=$JAVA_HOME)"
./mvnw -q -B install -DskipTests -Dspotless.check.skip=true

exec bin/celeriac demo "$@"
