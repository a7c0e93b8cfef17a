#!/usr/bin/env bash
# Cleans up after scripts/docker-up.sh and the tests: removes Testcontainers containers (the Ryuk
# reaper is disabled, so a killed test JVM leaves its broker running) and stops the dockerd that
# docker-up.sh started. An engine it did not start (systemd, Docker Desktop) is left alone.
#
# Safe to re-run, and a no-op when nothing is running.
set -euo pipefail

readonly NAME="docker-down"
readonly STATE_DIR="${CELERIAC_DOCKER_STATE:-${TMPDIR:-/tmp}/celeriac-docker}"
readonly DOCKERD_PID="$STATE_DIR/dockerd.pid"

log() { echo "$NAME: $*"; }

if command -v docker > /dev/null && docker info > /dev/null 2>&1; then
  mapfile -t containers < <(docker ps -aq --filter label=org.testcontainers=true)
  if ((${#containers[@]} > 0)); then
    log "removing ${#containers[@]} Testcontainers container(s)"
    # -v: their anonymous volumes too, or they pile up in /var/lib/docker.
    docker rm -f -v "${containers[@]}" > /dev/null
  else
    log "no Testcontainers containers"
  fi
fi

if [[ ! -f $DOCKERD_PID ]]; then
  log "no dockerd started by docker-up.sh"
  exit 0
fi

pid=$(cat "$DOCKERD_PID")
# The PID may have been reused since: only signal it if it is still a dockerd.
if [[ $pid =~ ^[0-9]+$ ]] && [[ "$(cat "/proc/$pid/comm" 2> /dev/null)" == dockerd ]]; then
  log "stopping dockerd (pid $pid)"
  kill "$pid"
  # dockerd stops its containers first, which can take a few seconds.
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2> /dev/null; then
    log "dockerd (pid $pid) still running after 30s; leaving it"
    exit 1
  fi
  log "dockerd stopped"
else
  log "dockerd (pid $pid) is no longer running"
fi
rm -f "$DOCKERD_PID"
