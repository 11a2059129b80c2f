#!/usr/bin/env bash
# The day-count tests (unit and API) with Node's clock moved to the Paris hours where a day count
# goes wrong if it is taken in UTC or as 24-hour steps: 10:00, 14:00 and 23:45 today, the night of
# the March switch (2027-03-28 01:30) and New Year's Eve at 23:45. Debian's libfaketime moves the
# clock of Node and of the embedded PostgreSQL; it does not move Go binaries such as the Temporal
# dev server, so the tests that need workflow time pin it themselves (time-skipping server).
#
#   bash bin/test-clock.sh                 # every instant below, the usual test files
#   bash bin/test-clock.sh test/unit/x.ts  # every instant, other files
#   PARCOURS_CLOCK_AT='2027-10-31 02:30' bash bin/test-clock.sh   # one Paris instant
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null; then
  echo "faketime est absent : apt-get install faketime" >&2
  exit 1
fi

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(
    test/unit/calendar.test.ts
    test/unit/legal-calendar-cases.test.ts
    test/unit/working-days.test.ts
    test/unit/referral-state.test.ts
    test/unit/pco-orientation-state.test.ts
    test/unit/pco-eligibility-and-screening.test.ts
    test/unit/capacity-reminder.test.ts
    test/unit/coordination-digest.test.ts
    test/unit/facility-ranking.test.ts
    test/unit/message-templates.test.ts
    test/api/pco-orientation.test.ts
    test/api/facility-directory.test.ts
  )
fi

today=$(TZ=Europe/Paris date +%F)
year=$(TZ=Europe/Paris date +%Y)
if [ -n "${PARCOURS_CLOCK_AT:-}" ]; then
  instants=("$PARCOURS_CLOCK_AT")
else
  instants=("$today 10:00:00" "$today 14:00:00" "$today 23:45:00" "2027-03-28 01:30:00" "$year-12-31 23:45:00")
fi

status=0
summary=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for instant in "${instants[@]}"; do
  echo "=== Horloge de Node à $instant (heure de Paris) ==="
  # The date is read in Paris time by date(1) inside faketime; the clock then runs from there.
  # Monotonic clocks stay real, so timers and timeouts keep their length.
  faketime --exclude-monotonic "TZ=\"Europe/Paris\" $instant" npx vitest run "${files[@]}" >"$log" 2>&1 || true
  grep -E '×|FAIL' "$log" || true
  line=$(grep -E '^Tests: ' "$log" | tail -1 || true)
  echo "${line:-aucun résultat}"
  summary+=("$instant (Paris) → ${line:-no result}")
  # A run counts only if tests ran and none failed; otherwise show why.
  case "$line" in
    "Tests: 0 passed"* | "") status=1; tail -40 "$log" ;;
    *" 0 failed"*) ;;
    *) status=1 ;;
  esac
done

echo
echo "=== Résumé ==="
printf '%s\n' "${summary[@]}"
exit $status
