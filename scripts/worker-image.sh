#!/usr/bin/env bash
# Builds the Celeriac worker image (cli/src/main/docker/Dockerfile) and, where nothing can be
# pulled, the two base images it needs, made from this machine's JDK on the debootstrap-built
# local/debian:bookworm (scripts/docker-up.sh):
#   local/jdk:<major>  the JDK as it is (the Dockerfile's build stage)
#   local/jre:<major>  a jlink-ed runtime with the modules Celeriac uses (the image's runtime)
# Elsewhere the Dockerfile's defaults, the official eclipse-temurin:21-jdk/-jre images, are pulled.
#
#   scripts/worker-image.sh             # base images if needed, then the worker image
#   scripts/worker-image.sh --base      # base images only (before the tests, which build their own)
#   eval "$(scripts/worker-image.sh --print-env)"   # export the image names chosen
#
# Environment: CELERIAC_BUILD_IMAGE, CELERIAC_RUNTIME_IMAGE (base images; set them to skip the
# choice), CELERIAC_WORKER_IMAGE (default celeriac-worker:latest), CELERIAC_LOCAL_IMAGES
# (auto/always/never, as for docker-up.sh). Safe to re-run: existing images are kept.
set -euo pipefail

readonly NAME="worker-image"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly LOCAL_IMAGES="${CELERIAC_LOCAL_IMAGES:-auto}"
readonly WORKER_IMAGE="${CELERIAC_WORKER_IMAGE:-celeriac-worker:latest}"
readonly OFFICIAL_BUILD_IMAGE="eclipse-temurin:21-jdk"
readonly OFFICIAL_RUNTIME_IMAGE="eclipse-temurin:21-jre"
# What `jdeps --print-module-deps --ignore-missing-deps --multi-release 21 cli/target/celeriac.jar`
# reports (the monitor's HTTP server and client included), plus java.management and the TLS
# providers amqps:// needs. A runtime image built with another list is rebuilt.
readonly JRE_MODULES="java.base,java.desktop,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,jdk.httpserver,jdk.jfr,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki"

log() { echo "$NAME: $*" >&2; }
die() { echo "$NAME: error: $*" >&2; exit 1; }

cd "$ROOT"
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"

image_exists() { docker image inspect "$1" > /dev/null 2>&1; }

want_local_images() {
  case "$LOCAL_IMAGES" in
    always) return 0 ;;
    never) return 1 ;;
    auto) ;;
    *) die "CELERIAC_LOCAL_IMAGES must be auto, always or never, not '$LOCAL_IMAGES'" ;;
  esac
  if image_exists "$OFFICIAL_RUNTIME_IMAGE" && image_exists "$OFFICIAL_BUILD_IMAGE"; then
    return 1
  fi
  # Same rule as docker-up.sh: local images where the RabbitMQ image had to be built locally.
  image_exists local/debian:bookworm
}

# Imports a directory as /opt/java/openjdk in an image FROM local/debian:bookworm, labelled with $3.
java_image() {
  local tag=$1 java_dir=$2 modules=${3:-} context
  context=$(mktemp -d "${TMPDIR:-/tmp}/celeriac-java-image.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$context'" RETURN
  cp -a "$java_dir" "$context/java"
  cat > "$context/Dockerfile" << 'DOCKERFILE'
FROM local/debian:bookworm
COPY java /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
DOCKERFILE
  echo "LABEL dev.celeriac.jre.modules=\"$modules\"" >> "$context/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$context" > /dev/null
}

base_images() {
  if [[ -n ${CELERIAC_BUILD_IMAGE:-} && -n ${CELERIAC_RUNTIME_IMAGE:-} ]]; then
    BUILD_IMAGE=$CELERIAC_BUILD_IMAGE
    RUNTIME_IMAGE=$CELERIAC_RUNTIME_IMAGE
    return
  fi
  if ! want_local_images; then
    BUILD_IMAGE=$OFFICIAL_BUILD_IMAGE
    RUNTIME_IMAGE=$OFFICIAL_RUNTIME_IMAGE
    return
  fi
  celeriac_select_java
  local major t0=$SECONDS
  major=$(celeriac_java_major "$JAVA_HOME")
  BUILD_IMAGE="local/jdk:$major"
  RUNTIME_IMAGE="local/jre:$major"
  if ! image_exists "$BUILD_IMAGE"; then
    log "building $BUILD_IMAGE from $JAVA_HOME"
    java_image "$BUILD_IMAGE" "$JAVA_HOME"
  fi
  if image_exists "$RUNTIME_IMAGE" \
    && [[ "$(docker image inspect -f '{{index .Config.Labels "dev.celeriac.jre.modules"}}' "$RUNTIME_IMAGE")" != "$JRE_MODULES" ]]; then
    log "$RUNTIME_IMAGE lacks modules of the current list: rebuilding it"
    docker image rm -f "$RUNTIME_IMAGE" > /dev/null
  fi
  if ! image_exists "$RUNTIME_IMAGE"; then
    log "building $RUNTIME_IMAGE (jlink: $JRE_MODULES)"
    local jre
    jre=$(mktemp -d "${TMPDIR:-/tmp}/celeriac-jre.XXXXXX")
    rm -rf "$jre"
    "$JAVA_HOME/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages \
      --no-header-files --output "$jre"
    java_image "$RUNTIME_IMAGE" "$jre" "$JRE_MODULES"
    rm -rf "$jre"
  fi
  log "base images $BUILD_IMAGE, $RUNTIME_IMAGE ($((SECONDS - t0))s)"
}

worker_image() {
  local t0=$SECONDS
  if [[ ! -f cli/target/celeriac.jar ]]; then
    celeriac_select_java
    log "building cli/target/celeriac.jar"
    ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true -pl cli -am
  fi
  log "building $WORKER_IMAGE (FROM $RUNTIME_IMAGE)"
  DOCKER_BUILDKIT=0 docker build -q -t "$WORKER_IMAGE" \
    --build-arg "BUILD_IMAGE=$BUILD_IMAGE" --build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE" \
    -f cli/src/main/docker/Dockerfile . > /dev/null
  log "built $WORKER_IMAGE ($((SECONDS - t0))s)"
}

main() {
  docker info > /dev/null 2>&1 || die "no Docker engine: run scripts/docker-up.sh first"
  base_images
  case "${1:-}" in
    --base) ;;
    --print-env)
      echo "export CELERIAC_BUILD_IMAGE=$BUILD_IMAGE CELERIAC_RUNTIME_IMAGE=$RUNTIME_IMAGE"
      ;;
    "") worker_image ;;
    *) die "unknown argument '$1' (expected --base or --print-env)" ;;
  esac
}

main "$@"
