#!/usr/bin/env bash
# Builds Celeriac and runs all tests: unit tests (*Test) and integration tests (*IT) against RabbitMQ.
#
#   scripts/test.sh                        # everything
#   scripts/test.sh -pl broker-config -am  # extra arguments go to Maven
#
# The broker for integration tests is a Testcontainers container, unless CELERIAC_TEST_BROKER_URL
# names a running one (then Docker is not touched at all). With CI set, a missing broker fails the
# build instead of skipping the integration tests.
set -euo pipefail

readonly NAME="test"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly LOCAL_RABBITMQ_IMAGE="local/rabbitmq:3.10"

log() { echo "$NAME: $*"; }

cd "$ROOT"
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"
celeriac_select_java
log "using JAVA_HOME=$JAVA_HOME"

# The interop tests run Debian's Python Celery 5.2.6 (with python3-redis for the Redis result
# backend's, python3-sqlalchemy and python3-psycopg2 for the PostgreSQL one's, python3-cryptography
# for message signing's), the Redis outage drill a redis-server of its own to stop and start (the
# package brings redis-cli too), the PostgreSQL outage drill a private cluster (postgresql-15's
# initdb and pg_ctl), the monitor's browser test Debian's Chromium through chromedriver. As root on
# Debian they are installed when missing; elsewhere those tests are skipped with a hint (or fail, in
# CI).
missing=()
/usr/bin/python3 -c 'import celery' > /dev/null 2>&1 || missing+=(python3-celery)
/usr/bin/python3 -c 'import redis' > /dev/null 2>&1 || missing+=(python3-redis)
# Celery's message signing (celery.security) needs cryptography, which python3-celery does not pull in.
/usr/bin/python3 -c 'import cryptography' > /dev/null 2>&1 || missing+=(python3-cryptography)
[[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
/usr/bin/python3 -c 'import sqlalchemy' > /dev/null 2>&1 || missing+=(python3-sqlalchemy)
/usr/bin/python3 -c 'import psycopg2' > /dev/null 2>&1 || missing+=(python3-psycopg2)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || missing+=(postgresql-15)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get > /dev/null; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
  else
    log "missing ${missing[*]}: the tests that need them are skipped"
  fi
fi

# The result backend tests use Redis at CELERIAC_TEST_REDIS_URL, else 127.0.0.1:6379 (.ci/run
# installs and starts it); without it they are skipped, or fail in CI.
if (exec 3<> /dev/tcp/127.0.0.1/6379) 2> /dev/null || [[ -n ${CELERIAC_TEST_REDIS_URL:-} ]]; then
  log "Redis tests use ${CELERIAC_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
else
  log "no Redis at 127.0.0.1:6379: the tests that need it are skipped (they fail in CI)"
fi

# The PostgreSQL result backend tests use CELERIAC_TEST_POSTGRES_URL, else database celeriac_it
# on 127.0.0.1:5432 as postgres (created when absent; .ci/run starts the server).
if (exec 3<> /dev/tcp/127.0.0.1/5432) 2> /dev/null || [[ -n ${CELERIAC_TEST_POSTGRES_URL:-} ]]; then
  log "PostgreSQL tests use ${CELERIAC_TEST_POSTGRES_URL:-db+postgresql://postgres@127.0.0.1:5432/celeriac_it}"
else
  log "no PostgreSQL at 127.0.0.1:5432: the tests that need it are skipped (they fail in CI)"
fi

if [[ -n ${CELERIAC_TEST_BROKER_URL:-} ]]; then
  log "integration tests use the broker in CELERIAC_TEST_BROKER_URL"
else
  "$ROOT/scripts/docker-up.sh"
  # Where helper images cannot be pulled: Ryuk would retry pulling for minutes (the test broker
  # stops its container itself), the /.dockerenv probe would pull alpine to find the host, and the
  # startup checks would pull alpine. Each stays overridable from the caller's environment.
  export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
  export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"
  export TESTCONTAINERS_CHECKS_DISABLE="${TESTCONTAINERS_CHECKS_DISABLE:-true}"
  # Only a locally built image replaces the official default, which machines that can pull use.
  if [[ -z ${CELERIAC_TEST_RABBITMQ_IMAGE:-} ]] && docker image inspect "$LOCAL_RABBITMQ_IMAGE" > /dev/null 2>&1; then
    export CELERIAC_TEST_RABBITMQ_IMAGE="$LOCAL_RABBITMQ_IMAGE"
  fi
  log "integration tests use image ${CELERIAC_TEST_RABBITMQ_IMAGE:-rabbitmq:3.10-management (default)}"
  # Base images for the worker image the container tests build (local ones where nothing can be
  # pulled; the official eclipse-temurin images otherwise).
  "$ROOT/scripts/worker-image.sh" --base
  eval "$("$ROOT/scripts/worker-image.sh" --print-env)"
fi

maven_args=(-B verify)
if [[ -n ${CI:-} ]]; then
  # In CI a missing broker is a broken environment, not a reason to skip integration tests.
  maven_args+=(-Dceleriac.test.broker.required=true)
fi

log "./mvnw ${maven_args[*]} $*"
start=$SECONDS
status=0
./mvnw "${maven_args[@]}" "$@" || status=$?
log "maven finished with status $status in $((SECONDS - start))s"
exit "$status"
