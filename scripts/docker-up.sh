#!/usr/bin/env bash
# Makes sure a Docker engine runs and the local RabbitMQ test image exists.
#
# Machines without registry access cannot pull rabbitmq:3.10-management, so this builds an equivalent
# image, local/rabbitmq:3.10, from a Debian base made with debootstrap. On a machine that can pull
# (or is not root on Debian) the local images are skipped and Testcontainers pulls the official one.
#
# Safe to re-run: every step is skipped when its result already exists.
#
# Environment:
#   CELERIAC_LOCAL_IMAGES  auto (default): build local images only when the official image is absent
#                          and this is root on an apt-based system; always; never.
#   CELERIAC_DOCKER_STATE  directory for the dockerd log and PID file (default: $TMPDIR/celeriac-docker).
set -euo pipefail

readonly NAME="docker-up"
readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly STATE_DIR="${CELERIAC_DOCKER_STATE:-${TMPDIR:-/tmp}/celeriac-docker}"
readonly DOCKERD_LOG="$STATE_DIR/dockerd.log"
readonly DOCKERD_PID="$STATE_DIR/dockerd.pid"
readonly BASE_IMAGE="local/debian:bookworm"
readonly RABBITMQ_IMAGE="local/rabbitmq:3.10"
readonly OFFICIAL_RABBITMQ_IMAGE="rabbitmq:3.10-management"
readonly LOCAL_IMAGES="${CELERIAC_LOCAL_IMAGES:-auto}"

log() { echo "$NAME: $*"; }
die() { echo "$NAME: error: $*" >&2; exit 1; }

# Seconds since this script started, for the timing lines.
elapsed() { echo "$((SECONDS - ${1:-0}))s"; }

# apt-get update is slow and needs the network: do it at most once per run.
apt_updated=false
apt_install() {
  [[ $EUID -eq 0 ]] || die "need root to install $* (run: sudo apt-get install -y $*)"
  command -v apt-get > /dev/null || die "no apt-get here: install $* with your package manager"
  if [[ $apt_updated == false ]]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=true
  fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" > /dev/null
}

docker_ready() { docker info > /dev/null 2>&1; }

start_engine() {
  if docker_ready; then
    log "Docker engine already running"
    return
  fi
  local t0=$SECONDS
  if ! command -v dockerd > /dev/null; then
    # Debian's engine: the docker CLI alone (as on some images) has nothing to talk to.
    apt_install docker.io
  fi
  # Installing docker.io may have started the engine through its init script.
  if docker_ready; then
    log "Docker engine running ($(elapsed "$t0"))"
    return
  fi
  [[ $EUID -eq 0 ]] || die "no Docker engine is reachable and starting one needs root: start Docker (e.g. 'sudo systemctl start docker') or run as root"
  mkdir -p "$STATE_DIR"
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid + no inherited stdio: the engine must outlive this script and must not hold a caller's pipe open.
  setsid dockerd > "$DOCKERD_LOG" 2>&1 < /dev/null &
  echo $! > "$DOCKERD_PID"
  local deadline=$((SECONDS + 60))
  until docker_ready; do
    if ! kill -0 "$(cat "$DOCKERD_PID")" 2> /dev/null; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      rm -f "$DOCKERD_PID"
      die "dockerd exited; see $DOCKERD_LOG"
    fi
    ((SECONDS < deadline)) || die "dockerd did not answer within 60s; see $DOCKERD_LOG"
    sleep 0.5
  done
  log "dockerd running, pid $(cat "$DOCKERD_PID") ($(elapsed "$t0"))"
}

image_exists() { docker image inspect "$1" > /dev/null 2>&1; }

# The mirror the host's apt already uses, so debootstrap works wherever apt does (proxies, snapshots).
debian_mirror() {
  local uri=""
  if compgen -G "/etc/apt/sources.list.d/*.sources" > /dev/null; then
    uri=$(awk 'tolower($1) == "uris:" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/*.sources)
  fi
  if [[ -z $uri && -r /etc/apt/sources.list ]]; then
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { if ($i !~ /security/) print $i; break } }' /etc/apt/sources.list | head -n 1)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

build_base_image() {
  if image_exists "$BASE_IMAGE"; then
    log "$BASE_IMAGE present"
    return
  fi
  local t0=$SECONDS mirror rootfs
  command -v debootstrap > /dev/null || apt_install debootstrap
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d "${TMPDIR:-/tmp}/celeriac-rootfs.XXXXXX")
  # A half-built rootfs is large and useless: always remove it.
  trap 'rm -rf "$rootfs"' EXIT
  log "debootstrap bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$STATE_DIR/debootstrap.log" 2>&1 \
    || { tail -n 20 "$STATE_DIR/debootstrap.log" >&2; die "debootstrap failed; see $STATE_DIR/debootstrap.log"; }
  # debootstrap only writes the main suite; the host's sources also bring updates and security.
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/"
    rm -f "$rootfs/etc/apt/sources.list"
  elif [[ -r /etc/apt/sources.list ]]; then
    cp /etc/apt/sources.list "$rootfs/etc/apt/sources.list"
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" > /dev/null
  rm -rf "$rootfs"
  trap - EXIT
  log "built $BASE_IMAGE ($(elapsed "$t0"))"
}

build_rabbitmq_image() {
  if image_exists "$RABBITMQ_IMAGE"; then
    log "$RABBITMQ_IMAGE present"
    return
  fi
  local t0=$SECONDS
  log "building $RABBITMQ_IMAGE"
  # The legacy builder: buildx is not installed with Debian's docker.io. The context is broker-config
  # so the Dockerfile can copy the one server config file, src/main/rabbitmq/celeriac.conf.
  DOCKER_BUILDKIT=0 docker build -q -t "$RABBITMQ_IMAGE" \
    -f "$ROOT/broker-config/src/main/docker/rabbitmq/Dockerfile" "$ROOT/broker-config" > /dev/null
  log "built $RABBITMQ_IMAGE ($(elapsed "$t0"))"
}

want_local_images() {
  case "$LOCAL_IMAGES" in
    always) return 0 ;;
    never) return 1 ;;
    auto) ;;
    *) die "CELERIAC_LOCAL_IMAGES must be auto, always or never, not '$LOCAL_IMAGES'" ;;
  esac
  image_exists "$RABBITMQ_IMAGE" && return 0
  if image_exists "$OFFICIAL_RABBITMQ_IMAGE"; then
    log "$OFFICIAL_RABBITMQ_IMAGE present: no local image needed"
    return 1
  fi
  # debootstrap needs root and apt; elsewhere Testcontainers pulls the official image instead.
  if [[ $EUID -ne 0 ]] || ! command -v apt-get > /dev/null; then
    log "not root on an apt system: skipping local images, Testcontainers will pull $OFFICIAL_RABBITMQ_IMAGE"
    return 1
  fi
  return 0
}

main() {
  mkdir -p "$STATE_DIR"
  start_engine
  if want_local_images; then
    build_base_image
    build_rabbitmq_image
  fi
  log "ready ($(elapsed))"
}

main "$@"
