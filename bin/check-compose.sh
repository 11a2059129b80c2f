#!/usr/bin/env bash
# Validates docker-compose.yml without Docker: against the Compose specification's JSON schema
# (deploy/compose-spec.json, compose-spec/compose-spec schema/compose-spec.json at 170098ba) and
# against Parcours' own rules (deploy/compose-policy.json: loopback ports only, pinned images, the
# Temporal UI behind a profile). check-jsonschema comes from PyPI, pinned, in a venv under .tools/.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECK_JSONSCHEMA_VERSION=0.39.0
venv=.tools/check-jsonschema
stamp="$venv/.installed-$CHECK_JSONSCHEMA_VERSION"
if [[ ! -f "$stamp" ]]; then
  echo "Installation de check-jsonschema==$CHECK_JSONSCHEMA_VERSION dans $venv…" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  PIP_ROOT_USER_ACTION=ignore "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
  touch "$stamp"
fi

"$venv/bin/check-jsonschema" --schemafile deploy/compose-spec.json docker-compose.yml
"$venv/bin/check-jsonschema" --schemafile deploy/compose-policy.json docker-compose.yml
