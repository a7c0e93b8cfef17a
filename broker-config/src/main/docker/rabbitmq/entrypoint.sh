#!/bin/bash
# Turns the official image's RABBITMQ_DEFAULT_USER/PASS/VHOST variables (Testcontainers and
# docker-compose users set them) into rabbitmq.conf lines, then runs the command.
set -euo pipefail

readonly NAME="docker-entrypoint"
readonly CONF="/etc/rabbitmq/conf.d/00-default-user.conf"

lines=""
[[ -n ${RABBITMQ_DEFAULT_USER:-} ]] && lines+="default_user = $RABBITMQ_DEFAULT_USER"$'\n'
[[ -n ${RABBITMQ_DEFAULT_PASS:-} ]] && lines+="default_pass = $RABBITMQ_DEFAULT_PASS"$'\n'
[[ -n ${RABBITMQ_DEFAULT_VHOST:-} ]] && lines+="default_vhost = $RABBITMQ_DEFAULT_VHOST"$'\n'

# Rewritten on every start so a restarted container never keeps stale credentials.
if [[ -n $lines ]]; then
  printf '%s' "$lines" > "$CONF"
  echo "$NAME: wrote $(grep -c . "$CONF") default user setting(s) to $CONF"
else
  rm -f "$CONF"
fi

exec "$@"
