#!/usr/bin/env bash
# Writes .env next to docker-compose.yml with a random value for every secret Compose requires
# (POSTGRES_PASSWORD, GRAFANA_ADMIN_PASSWORD, LETI_API_READ_KEY, LETI_API_WRITE_KEY).
# An existing .env is kept: the database was initialised with its password.
set -euo pipefail
env_file="$(cd "$(dirname "$0")/.." && pwd)/.env"
if [[ -e "$env_file" ]]; then
  echo "$env_file exists; delete it to generate new secrets" >&2
  exit 1
fi
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
umask 077
{
  echo "POSTGRES_PASSWORD=$(secret)"
  echo "GRAFANA_ADMIN_PASSWORD=$(secret)"
  echo "LETI_API_READ_KEY=$(secret)"
  echo "LETI_API_WRITE_KEY=$(secret)"
} > "$env_file"
echo "wrote $env_file (mode 600): the API keys are LETI_API_READ_KEY and LETI_API_WRITE_KEY there"
