#!/bin/sh
# Creates Temporal's two PostgreSQL databases (history and visibility) and brings their schemas to the
# version the server expects. Idempotent: on an existing database, `create` and `setup-schema -v 0.0`
# change nothing and `update-schema` applies only the missing versions, so it runs before every start.
# Run by the `temporal-schema` job of docker-compose.yml (image temporalio/admin-tools) and, with the
# locally built tool, by app/temporal-postgres.ts (npm run temporal:postgres). Connection from the environment, never arguments:
#   SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (read by temporal-sql-tool itself)
set -eu
: "${SQL_HOST:?SQL_HOST (hôte PostgreSQL de Temporal) est requis}"
: "${SQL_USER:?SQL_USER est requis}"
: "${SQL_PASSWORD:?SQL_PASSWORD est requis}"
export SQL_PORT="${SQL_PORT:-5432}"
export SQL_PLUGIN=postgres12
tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
schemas="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}/postgresql/v12"

for pair in temporal:temporal visibility:temporal_visibility; do
  schema=${pair%%:*}
  export SQL_DATABASE=${pair#*:}
  echo "Schéma Temporal « $schema » dans la base $SQL_DATABASE…"
  "$tool" create-database
  "$tool" setup-schema -v 0.0
  "$tool" update-schema -d "$schemas/$schema/versioned"
done
echo "Schémas Temporal à jour."
