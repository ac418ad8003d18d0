#!/usr/bin/env bash
# Runs the end-to-end layer N times in a row (packaging once) and prints each run's result and wall
# time, then how many were green. A flaky layer shows up here before it shows up in CI.
#   bash scripts/repeat-e2e.sh [N=10]
set -uo pipefail
cd "$(dirname "$0")/.."
n="${1:-10}"
npm run --silent package >/dev/null || { echo "npm run package failed"; exit 1; }
mkdir -p test-output
green=0
for i in $(seq 1 "$n"); do
  start=$(date +%s)
  npx tsx test/e2e/run.ts > "test-output/e2e-repeat-$i.log" 2>&1
  code=$?
  secs=$(( $(date +%s) - start ))
  summary="$(tail -n 1 "test-output/e2e-repeat-$i.log")"
  [ "$code" = 0 ] && green=$((green + 1))
  echo "run $i: exit $code, $summary, ${secs} s"
  [ "$code" = 0 ] || grep -A3 "✘" "test-output/e2e-repeat-$i.log" | head -8
done
echo "$green of $n runs green"
[ "$green" = "$n" ]
