#!/usr/bin/env bash
# Async intake: how many asynchronous calls per second the platform accepts (202, durably queued) into the embedded
# queue and into NATS JetStream, printed beside a direct (synchronous) HTTP call of the same function through the
# router in the same run — same wrk load, same warm instance.
# Usage: bench/async/run.sh [DURATION] [CONNECTIONS] — DURATION per mode in wrk's form (default 10s), CONNECTIONS
# default 16. WARMUP (default 10s per mode, discarded). JetStream is measured when nats-server is installed
# (apt-get install -y nats-server); it runs on a free loopback port with its own store.
# Starts its own platforms (private FAAS_HOME, free loopback ports) and stops them afterwards. The calls queued by
# the run are executed afterwards by the workers; only the intake is measured here. Not measured (yet): end-to-end
# Kafka trigger throughput.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${1:-10s}"
connections="${2:-16}"
warmup="${WARMUP:-10s}"

for tool in wrk curl java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/async: missing $tool (apt-get install -y wrk curl)" >&2; exit 2; }
done
nats_bin="$(command -v nats-server || { [ -x /usr/sbin/nats-server ] && echo /usr/sbin/nats-server; } || true)"

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    ss -Hltn "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}

work="$(mktemp -d)"
nats_pid=""
cleanup() {
  for home in "$work"/home-*; do
    [ -d "$home" ] && FAAS_HOME="$home" "$repo/faas" down >/dev/null 2>&1 || true
  done
  [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null && wait "$nats_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "bench"
wrk.headers["Content-Type"] = "text/plain"
LUA

# Starts a platform with the given queue kind (extra env passed through `faas up` to the controller) and deploys
# examples/hello pinned to one warm instance; prints the router URL.
platform() {
  local name="$1"; shift
  export FAAS_HOME="$work/home-$name"
  local router_port controller_port
  router_port="$(free_port)"; controller_port="$(free_port)"
  env "$@" "$repo/faas" up --port "$router_port" --controller-port "$controller_port" --idle-timeout 24h \
      --no-examples >/dev/null
  cat > "$work/stack-$name.yml" <<YML
version: 1.0
provider:
  name: faas
  gateway: http://127.0.0.1:$router_port
functions:
  hello:
    lang: java
    handler: $repo/examples/hello
    labels:
      com.openfaas.scale.min: "1"
      com.openfaas.scale.max: "1"
      com.openfaas.scale.zero: "false"
YML
  "$repo/faas" deploy -f "$work/stack-$name.yml" >/dev/null
  echo "http://127.0.0.1:$router_port"
}

# wrk one URL: warm-up, then the measured run; prints requests/s and fails on errors or non-2xx answers.
measure() {
  local label="$1" url="$2" out
  wrk -t2 -c"$connections" -d"$warmup" -s "$work/post.lua" "$url" >/dev/null
  out="$(wrk -t2 -c"$connections" -d"$duration" -s "$work/post.lua" "$url")"
  if echo "$out" | grep -q -E 'Socket errors|Non-2xx'; then
    echo "$out" >&2
    echo "bench/async: $label had errors" >&2
    exit 1
  fi
  printf '%-44s %10s req/s\n' "$label" "$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
}

echo "== wrk -t2 -c$connections -d$duration (warm-up $warmup each); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
router="$(platform embedded)"
measure "direct: POST /function/hello (sync, 200)" "$router/function/hello"
measure "async, embedded queue: POST /async-function (202)" "$router/async-function/hello"
FAAS_HOME="$work/home-embedded" "$repo/faas" down >/dev/null 2>&1 || true

if [ -n "$nats_bin" ]; then
  nats_port="$(free_port)"
  "$nats_bin" -js -a 127.0.0.1 -p "$nats_port" -sd "$work/nats" >"$work/nats.log" 2>&1 &
  nats_pid=$!
  sleep 1
  router="$(platform nats FAAS_ASYNC_QUEUE=nats FAAS_ASYNC_NATS_URL="nats://127.0.0.1:$nats_port")"
  measure "direct: POST /function/hello (sync, 200)" "$router/function/hello"
  measure "async, JetStream queue: POST /async-function (202)" "$router/async-function/hello"
else
  echo "(JetStream not measured: nats-server is not installed)"
fi
