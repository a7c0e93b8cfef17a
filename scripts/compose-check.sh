#!/usr/bin/env bash
# Proves docker-compose.yml from the outside: brings up RabbitMQ and 2 workers built from this
# repository, submits tasks from this machine, checks that more than one worker container ran
# them, scales to 3 workers and down to 1 (tasks keep completing), then tears everything down.
# Where nothing can be pulled it uses the locally built images (docker-up.sh, worker-image.sh).
#
# Environment: CELERIAC_COMPOSE_AMQP_PORT / CELERIAC_COMPOSE_MANAGEMENT_PORT /
# CELERIAC_COMPOSE_MONITOR_PORT (host ports, default 26672 / 26673 / 26674, so a RabbitMQ already
# on 5672 is no obstacle; outside the kernel's ephemeral range, 32768-60999 by default, from which
# Docker picks random published ports and connections their local ports: in one run something
# there held the old default, 35672, and the check could not start).
set -euo pipefail

readonly NAME="compose-check"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly PROJECT="celeriac-compose-check"
export CELERIAC_AMQP_PORT="${CELERIAC_COMPOSE_AMQP_PORT:-26672}"
export CELERIAC_MANAGEMENT_PORT="${CELERIAC_COMPOSE_MANAGEMENT_PORT:-26673}"
export CELERIAC_MONITOR_HOST_PORT="${CELERIAC_COMPOSE_MONITOR_PORT:-26674}"
export CELERIAC_MONITOR_BASIC_AUTH="check:compose-check"
readonly URL="amqp://guest:guest@127.0.0.1:$CELERIAC_AMQP_PORT//"

log() { echo "$NAME: $*"; }
die() { echo "$NAME: error: $*" >&2; exit 1; }

cd "$ROOT"
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"
celeriac_select_java # the task submitter is a single-file Java program: it needs a JDK

started=$SECONDS
"$ROOT/scripts/docker-up.sh"

if docker compose version > /dev/null 2>&1; then
  compose_cmd=(docker compose)
elif command -v docker-compose > /dev/null; then
  compose_cmd=(docker-compose)
else
  [[ $EUID -eq 0 ]] || die "neither 'docker compose' nor 'docker-compose' is installed"
  log "installing docker-compose (Debian's package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose > /dev/null
  compose_cmd=(docker-compose)
fi
compose() { "${compose_cmd[@]}" -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"; }

if [[ -z ${CELERIAC_RABBITMQ_IMAGE:-} ]] && docker image inspect local/rabbitmq:3.10 > /dev/null 2>&1 \
  && ! docker image inspect rabbitmq:3.10-management > /dev/null 2>&1; then
  export CELERIAC_RABBITMQ_IMAGE=local/rabbitmq:3.10
fi
eval "$("$ROOT/scripts/worker-image.sh" --print-env)"
"$ROOT/scripts/worker-image.sh"
log "images: ${CELERIAC_RABBITMQ_IMAGE:-rabbitmq:3.10-management (default)}, ${CELERIAC_WORKER_IMAGE:-celeriac-worker:latest} FROM $CELERIAC_RUNTIME_IMAGE"

# Whatever happens, nothing of the project stays behind: containers, network, broker volume.
trap 'log "tearing down"; compose down -v --remove-orphans > /dev/null 2>&1 || true' EXIT

workers() { compose ps -q worker; }

# Waits until exactly $1 worker containers are running and each logged "ready.".
await_workers() {
  local want=$1 deadline=$((SECONDS + 180)) ids ready id
  while true; do
    mapfile -t ids < <(workers)
    ready=0
    for id in "${ids[@]}"; do
      [[ "$(docker inspect -f '{{.State.Running}}' "$id" 2> /dev/null)" == true ]] || continue
      docker logs "$id" 2>&1 | grep -q ' ready\.' && ready=$((ready + 1))
    done
    ((${#ids[@]} == want && ready == want)) && return 0
    ((SECONDS < deadline)) || { compose logs --tail 30 >&2; die "$want worker(s) not ready within 180s (${#ids[@]} containers, $ready ready)"; }
    sleep 1
  done
}

submit() {
  log "submitting $1 tasks from this machine to $URL"
  java -cp cli/target/celeriac.jar scripts/lib/SubmitTasks.java "$URL" "$1" 200 \
    || die "not every task came back"
}

# Prints "<containers that ran tasks> <tasks run>" from the workers' logs.
tally() {
  local id n containers=0 total=0
  for id in $(workers); do
    n=$(docker logs "$id" 2>&1 | grep -c 'tasks.sleep_sum.* succeeded' || true)
    ((n > 0)) && containers=$((containers + 1))
    total=$((total + n))
  done
  echo "$containers $total"
}

log "up: rabbitmq, the monitor, 2 workers"
compose up -d --scale worker=2
await_workers 2
submit 40
read -r ran total < <(tally)
log "2 workers: $total tasks run by $ran container(s)"
((total >= 40)) || die "expected at least 40 tasks in the worker logs, found $total"
((ran >= 2)) || die "tasks ran on $ran worker container(s); expected more than one"

log "scale up to 3 workers"
compose up -d --no-recreate --scale worker=3
await_workers 3
submit 60
read -r ran total < <(tally)
log "3 workers: $total tasks run by $ran container(s)"
((ran == 3)) || die "after scaling up, tasks ran on $ran of 3 worker containers"

log "scale down to 1 worker"
compose up -d --no-recreate --scale worker=1
await_workers 1
submit 10

# Health checks: the broker's, and the worker's (an established connection to the broker).
for service in rabbitmq worker; do
  id=$(compose ps -q "$service")
  deadline=$((SECONDS + 90))
  until [[ "$(docker inspect -f '{{.State.Health.Status}}' "$id")" == healthy ]]; do
    ((SECONDS < deadline)) || die "$service is $(docker inspect -f '{{.State.Health.Status}}' "$id") after 90s"
    sleep 2
  done
  log "$service: healthy"
done

# The monitor answers with its login and has seen the workers' task events.
deadline=$((SECONDS + 90))
until metrics=$(curl -fsS -u "$CELERIAC_MONITOR_BASIC_AUTH" "http://127.0.0.1:$CELERIAC_MONITOR_HOST_PORT/metrics" 2> /dev/null) \
  && grep -q 'sleep_sum' <<< "$metrics"; do
  ((SECONDS < deadline)) || { compose logs --tail 30 monitor >&2; die "the monitor did not report the tasks within 90s"; }
  sleep 2
done
log "monitor: serves /metrics with the login, tasks.sleep_sum in it"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$CELERIAC_MONITOR_HOST_PORT/metrics")
[[ $code == 401 ]] || die "the monitor answered $code without a login; expected 401"
log "passed ($((SECONDS - started))s)"
