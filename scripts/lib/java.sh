# shellcheck shell=bash
# Selects a Java installation new enough for Celeriac and exports JAVA_HOME and PATH.
#
# Sourced, not executed, by bin/celeriac and the scripts in scripts/:
#   source "$ROOT/scripts/lib/java.sh"
#   celeriac_select_java          # a JDK (java + javac), for building and testing
#   celeriac_select_java runtime  # java alone is enough, for running the CLI
#
# Order: $JAVA_HOME if new enough; else the newest one under /usr/lib/jvm; else `java` on PATH.
# Many machines default to an older `java` (Debian 12 ships 17) while a newer JDK sits beside it,
# which is why PATH comes last. The minimum is CELERIAC_JAVA_MIN (default 21).
#
# This file sets no shell options: the caller's `set -euo pipefail` stays in force and is respected.

# Prints the major version of the Java installation at $1 (e.g. 21), or nothing if it cannot tell.
# The `release` file is read first because it costs no JVM start; `java -version` is the fallback
# for installations without one (some distribution packages).
celeriac_java_major() {
  local home=$1 version=""
  if [[ -r $home/release ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)
  fi
  if [[ -z $version && -x $home/bin/java ]]; then
    # First line looks like: openjdk version "21.0.2" 2024-01-16 (or "1.8.0_392" before Java 9).
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/^.* version "\([^"]*\)".*$/\1/p' | head -n 1)
  fi
  [[ -n $version ]] || return 0
  version=${version#1.} # 1.8.0 -> 8.0
  version=${version%%[.+_-]*}
  [[ $version =~ ^[0-9]+$ ]] && echo "$version"
  return 0
}

# True if $1 is a Java installation of at least the minimum version, with javac unless $2 is "runtime".
celeriac_java_usable() {
  local home=$1 kind=${2:-jdk} min=${CELERIAC_JAVA_MIN:-21} major
  [[ -x $home/bin/java ]] || return 1
  [[ $kind == runtime || -x $home/bin/javac ]] || return 1
  major=$(celeriac_java_major "$home")
  [[ -n $major ]] && ((major >= min))
}

celeriac_select_java() {
  local kind=${1:-jdk} min=${CELERIAC_JAVA_MIN:-21} home="" candidate major best=0 on_path
  local what="JDK"
  [[ $kind == runtime ]] && what="Java runtime"

  if [[ -n ${JAVA_HOME:-} ]] && celeriac_java_usable "$JAVA_HOME" "$kind"; then
    home=$JAVA_HOME
  fi

  if [[ -z $home ]]; then
    for candidate in /usr/lib/jvm/*; do
      [[ -d $candidate ]] || continue
      celeriac_java_usable "$candidate" "$kind" || continue
      major=$(celeriac_java_major "$candidate")
      if ((major > best)); then
        best=$major
        home=$candidate
      fi
    done
  fi

  if [[ -z $home ]] && on_path=$(command -v java 2> /dev/null); then
    # bin/java may be a chain of symlinks (alternatives); its real directory's parent is the home.
    candidate=$(cd "$(dirname "$(readlink -f "$on_path")")/.." && pwd)
    celeriac_java_usable "$candidate" "$kind" && home=$candidate
  fi

  if [[ -z $home ]]; then
    echo "celeriac: no $what $min or newer found (checked JAVA_HOME, /usr/lib/jvm, java on PATH)." >&2
    echo "celeriac: install a JDK $min+ (for example Eclipse Temurin from https://adoptium.net)" \
      "or set JAVA_HOME to one." >&2
    return 1
  fi

  if [[ -n ${JAVA_HOME:-} && $home != "$JAVA_HOME" ]]; then
    echo "celeriac: JAVA_HOME=$JAVA_HOME is not a $what $min+; using $home" >&2
  fi
  export JAVA_HOME=$home
  export PATH="$JAVA_HOME/bin:$PATH"
}
