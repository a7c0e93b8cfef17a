#!/usr/bin/env bash
# Benchmark harness: Celeriac vs Python Celery vs raw amqp-client on the RabbitMQ at
# 127.0.0.1:5672, results on rpc://, on the Redis at 127.0.0.1:6379 (database 11) and on the
# PostgreSQL at 127.0.0.1:5432 (database celeriac_bench, created when absent). A full run measures
# the whole table 3 times (about 30 minutes) and writes docs/benchmarks.md and a dated copy in
# docs/benchmarks/; --smoke (one small round) and --only only print. Sections for --only: scoop,
# primes, celeriac, redis, postgres, raw, celery, memory.
#   scripts/bench.sh [--smoke] [--rounds N] [--only memory,redis,...] [--broker URL] [--redis URL]
#                    [--postgres URL]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"
celeriac_select_java
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true -pl bench -am ${MAVEN_OFFLINE:+-o} >&2
exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC \
  -cp "cli/target/celeriac.jar:bench/target/classes" dev.celeriac.bench.Harness "$@"
