#!/bin/sh
# Once the Temporal server answers: creates the namespace Parcours runs in and registers the search
# attributes its workflows set (the list of workflows/search-attributes.ts; a unit test keeps them
# equal). Idempotent: what exists is left as is. Run by the `temporal-namespace` job of
# docker-compose.yml (image temporalio/admin-tools) and by app/temporal-postgres.ts (npm run temporal:postgres).
set -eu
: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS (hôte:port du serveur Temporal) est requis}"
namespace="${TEMPORAL_NAMESPACE:-default}"
# Closed histories stay this long in Temporal (the read model in the platform's PostgreSQL keeps the case).
retention="${TEMPORAL_NAMESPACE_RETENTION:-7d}"
cli="${TEMPORAL_CLI:-temporal}"
# The CLI is given the IPv4 address of the server's name, as Temporal's own compose samples do to
# avoid a name-resolution problem of the CLI in containers.
host=${TEMPORAL_ADDRESS%:*}
ipv4=$(getent ahostsv4 "$host" 2>/dev/null | awk 'NR == 1 { print $1 }') || true
if [ -n "$ipv4" ]; then TEMPORAL_ADDRESS="$ipv4:${TEMPORAL_ADDRESS##*:}"; fi
attributes="ParcoursKind:Keyword ParcoursStatus:Keyword ParcoursDepartement:Keyword ParcoursStalled:Bool ParcoursNextDeadline:Datetime"

# retry <what> <command…>: every second, at most 2 minutes (the server starts, then learns namespaces).
retry() {
  what=$1
  shift
  attempt=0
  until "$@" >/dev/null 2>&1; do
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 120 ]; then
      echo "$what : pas de réponse de Temporal ($TEMPORAL_ADDRESS) après 2 minutes." >&2
      "$@" >&2 || true
      exit 1
    fi
    sleep 1
  done
}

retry "Santé du serveur" "$cli" operator cluster health --address "$TEMPORAL_ADDRESS"

if "$cli" operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$namespace" >/dev/null 2>&1; then
  echo "Espace de noms « $namespace » déjà créé."
else
  "$cli" operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" --retention "$retention"
  echo "Espace de noms « $namespace » créé (rétention des historiques clos : $retention)."
fi

# A new namespace reaches every frontend's cache within seconds.
list_attributes() { "$cli" operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$namespace"; }
retry "Espace de noms « $namespace »" list_attributes
known=$(list_attributes)
for attribute in $attributes; do
  name=${attribute%%:*}
  if printf '%s\n' "$known" | grep -qw "$name"; then continue; fi
  "$cli" operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" \
    --name "$name" --type "${attribute#*:}"
  echo "Attribut de recherche $name ajouté."
done
echo "Espace de noms et attributs de recherche en place."
