#!/usr/bin/env bash
# Builds and installs the real Temporal server (PostgreSQL persistence) and its SQL schema tool from
# their Go module, with the schemas they apply, into a cache outside the clone keyed by version, so
# that every clone and CI run on the machine shares one build (about 6 to 14 minutes on 2 busy cores,
# 1.7 GB of Go modules). Idempotent: instant when the version is already installed. Prints the
# installed folder on stdout (logs go to stderr):
#   <dir>/server, <dir>/sql, <dir>/schema/postgresql/v12/{temporal,visibility}/versioned, <dir>/BUILD-INFO
set -euo pipefail

TEMPORAL_SERVER_VERSION=v1.32.2
# v1.32.2 needs Go >= 1.26.10; GOTOOLCHAIN fetches this toolchain from the Go module proxy.
GO_TOOLCHAIN=go1.27.3
MODULE=go.temporal.io/server

root="${PARCOURS_CACHE_DIR:-$HOME/.cache/parcours}/temporal-server"
final="$root/$TEMPORAL_SERVER_VERSION"
building="$final.building"

installed() { [[ -f "$final/BUILD-INFO" && -x "$final/server" && -x "$final/sql" ]]; }
if installed; then echo "$final"; exit 0; fi

if ! command -v go >/dev/null; then
  echo "Go est introuvable : il faut Go (toute version ≥ 1.21, qui sait télécharger $GO_TOOLCHAIN) pour construire le serveur Temporal $TEMPORAL_SERVER_VERSION." >&2
  exit 1
fi
mkdir -p "$root"
# One build at a time per machine: a second caller waits, then finds it installed.
exec 9>"$root/.lock"
flock 9
if installed; then echo "$final"; exit 0; fi

export GOTOOLCHAIN=$GO_TOOLCHAIN
mkdir -p "$building"
started=$(date +%s)
# A build interrupted after a binary landed resumes from there: each binary is kept when it runs
# and reports the expected version (go install writes it only once linked).
for binary in server sql; do
  package="$MODULE/cmd/$binary"
  [[ $binary == sql ]] && package="$MODULE/cmd/tools/sql"
  if [[ -x "$building/$binary" ]] && "$building/$binary" --version 2>/dev/null | grep -q " ${TEMPORAL_SERVER_VERSION#v}\$"; then
    echo "Temporal $binary $TEMPORAL_SERVER_VERSION déjà construit dans $building." >&2
    continue
  fi
  echo "Construction de $package@$TEMPORAL_SERVER_VERSION ($GO_TOOLCHAIN ; plusieurs minutes la première fois)…" >&2
  GOBIN="$building" go install "$package@$TEMPORAL_SERVER_VERSION" >&2
done

# The schemas, copied so that a run needs neither the module cache nor Go.
module_dir=$(go mod download -json "$MODULE@$TEMPORAL_SERVER_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [[ ! -d "$module_dir/schema/postgresql/v12" ]]; then
  echo "Schémas PostgreSQL introuvables dans le module $MODULE@$TEMPORAL_SERVER_VERSION ($module_dir)." >&2
  exit 1
fi
rm -rf "$building/schema"
mkdir -p "$building/schema/postgresql"
cp -R "$module_dir/schema/postgresql/v12" "$building/schema/postgresql/v12"
chmod -R u+w "$building/schema"

seconds=$(($(date +%s) - started))
{
  echo "version=$TEMPORAL_SERVER_VERSION"
  echo "toolchain=$(go version)"
  echo "installed_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "install_seconds=$seconds"
  echo "server_bytes=$(stat -c %s "$building/server")"
  echo "sql_bytes=$(stat -c %s "$building/sql")"
} >"$building/BUILD-INFO"
# Atomic: the version's folder appears complete or not at all.
rm -rf "$final"
mv -T "$building" "$final"
echo "Serveur Temporal $TEMPORAL_SERVER_VERSION installé dans $final (${seconds} s)." >&2
echo "$final"
