#!/usr/bin/env bash
# What a function's own AOT cache saves: cold starts (scale to zero, then one call through the router, timed by curl)
# of a function with a heavy init, on JDK 25 with the runtime's AOT cache, with and without per-function caches
# (faas.runtime.function-class-data), in alternating platform runs.
# Usage: bench/coldstart/function-cache.sh [RUNS] [ROUNDS] [FUNCTION] [PATH] — defaults 9, 2, orders, /none
# (orders' init builds a Jackson ObjectMapper and a java.net.http client; GET /none runs its handler, which answers 404).
# Needs FAAS_BENCH_JDK25 (default /usr/lib/jvm/temurin-25-jdk-amd64). Starts its own platform on ports 18180/18181.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-9}"; rounds="${2:-2}"; fn="${3:-orders}"; path="${4:-/none}"
jdk="${FAAS_BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
results="$(mktemp -d)"
trap '"$repo/faas" down >/dev/null 2>&1 || true; rm -rf "$results"' EXIT

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

for round in $(seq 1 "$rounds"); do
  for side in runtime-cache function-cache; do
    export FAAS_HOME="$(mktemp -d)"
    own=false; [[ "$side" == function-cache ]] && own=true
    FAAS_RUNTIME_FUNCTION_CLASS_DATA=$own FAAS_RUNTIME_CLASS_DATA_CACHE=true FAAS_RUNTIME_JAVA_HOME="$jdk" \
      "$repo/faas" up --port 18180 --controller-port 18181 --idle-timeout 10m >/dev/null
    # Measure once every cache is built (and, for function caches, judged): the builds would compete for the cores.
    for _ in $(seq 1 180); do [[ -f "$FAAS_HOME/state/class-data/runtime-java.aot.key" ]] && break; sleep 1; done
    if $own; then
      functions=$(ls -d "$FAAS_HOME"/state/artifacts/*/* | wc -l)
      for _ in $(seq 1 180); do
        (( $(ls "$FAAS_HOME"/state/class-data/functions/*.aot.key 2>/dev/null | wc -l) >= functions )) && break; sleep 2
      done
      echo "round $round: $fn's own cache: $(sed -n 2p "$FAAS_HOME"/state/class-data/functions/*_"$fn"_*.aot.key)"
    fi
    sleep 5
    auth="$(awk -F= '/^username=/{u=$2} /^password=/{p=$2} END{printf "%s:%s", u, p}' "$FAAS_HOME/credentials")"
    for _ in $(seq 1 "$runs"); do
      curl -sf -u "$auth" -H 'Content-Type: application/json' -d "{\"serviceName\":\"$fn\",\"replicas\":0}" \
        "http://127.0.0.1:18180/system/scale-function/$fn" >/dev/null
      sleep 3
      out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:18180/function/$fn$path")"
      [[ "${out%% *}" == 5* || "${out%% *}" == 000 ]] && { echo "cold call of $fn answered $out" >&2; exit 1; }
      awk -v t="${out##* }" 'BEGIN{printf "%.1f\n", t * 1000}' >> "$results/$side"
    done
    "$repo/faas" down >/dev/null
    echo "round $round, $side: p50 so far $(median < "$results/$side") ms"
  done
done
rt="$(median < "$results/runtime-cache")"; own="$(median < "$results/function-cache")"
echo
echo "$fn cold start (scale from zero to first answer, curl), p50 over $((runs * rounds)) each, JDK 25:"
printf '  %-32s %8s ms\n' "runtime's AOT cache only" "$rt" "with the function's own AOT cache" "$own"
awk -v a="$own" -v b="$rt" 'BEGIN{printf "ratio own-cache/runtime-cache at p50: %.2f\n", a / b}'
