#!/usr/bin/env bash
# Benchmark harness: Celeriac vs Python Celery vs raw amqp-client on the RabbitMQ at
# 127.0.0.1:5672. Full run rewrites docs/benchmarks.md; --smoke only checks the harness works.
#   scripts/bench.sh [--smoke] [--runs N] [--broker URL]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"
celeriac_select_java
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true -pl bench -am ${MAVEN_OFFLINE:+-o} >&2
exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC \
  -cp "cli/target/celeriac.jar:bench/target/classes" dev.celeriac.bench.Harness "$@"
