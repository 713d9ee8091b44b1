#!/usr/bin/env bash
# Async benchmarks, each printed beside a direct (synchronous) HTTP call of the same function through the router in
# the same run — same machine, same warm instance.
#
# bench/async/run.sh [intake] [DURATION] [CONNECTIONS]
#   Async intake: how many asynchronous calls per second the platform accepts (202, durably queued) into the
#   embedded queue and into NATS JetStream, through the router and straight to the controller. DURATION per mode in
#   wrk's form (default 10s), CONNECTIONS default 16, WARMUP (default 10s per mode, discarded). JetStream is measured
#   when nats-server is installed (apt-get install -y nats-server); it runs on a free loopback port with its own
#   store. The calls queued are executed by the workers meanwhile; only the intake is measured.
# bench/async/run.sh kafka [COUNT] [PARTITIONS]
#   End-to-end Kafka trigger throughput: starts the tests' in-process KRaft broker (kafka 3.9.1, built from the
#   controller's test classpath with Maven), wires examples/hello to a topic of PARTITIONS partitions (default 4,
#   trigger.concurrency the same), produces COUNT messages (default 5000) and times them until the function's
#   consumer group has committed every one (offsets are committed only after the function answered), RUNS times
#   (default 3) after a 500-message warm-up. Baseline: wrk with PARTITIONS and with 16 connections.
# Starts its own platforms (private FAAS_HOME, free loopback ports) and stops them afterwards.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode=intake
case "${1:-}" in
  kafka|intake) mode="$1"; shift ;;
esac
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
kafka_pid=""
cleanup() {
  for home in "$work"/home-*; do
    [ -d "$home" ] && FAAS_HOME="$home" "$repo/faas" down >/dev/null 2>&1 || true
  done
  if [ -n "$nats_pid" ]; then kill "$nats_pid" 2>/dev/null; wait "$nats_pid" 2>/dev/null || true; fi
  if [ -n "$kafka_pid" ]; then kill "$kafka_pid" 2>/dev/null; wait "$kafka_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "bench"
wrk.headers["Content-Type"] = "text/plain"
LUA

# Starts a platform (extra env passed through `faas up` to the controller) on the ports in $router_port and
# $controller_port and deploys examples/hello pinned to one warm instance, with the annotations in $annotations.
platform() {
  local name="$1"; shift
  export FAAS_HOME="$work/home-$name"
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
${annotations:-}
YML
  "$repo/faas" deploy -f "$work/stack-$name.yml" >/dev/null
}

# wrk one URL: warm-up, then the measured run; prints requests/s and fails on errors or non-2xx answers.
measure() {
  local label="$1" url="$2" clients="${3:-$connections}" out
  wrk -t2 -c"$clients" -d"$warmup" -s "$work/post.lua" "$url" >/dev/null
  out="$(wrk -t2 -c"$clients" -d"$duration" -s "$work/post.lua" "$url")"
  if echo "$out" | grep -q -E 'Socket errors|Non-2xx'; then
    echo "$out" >&2
    echo "bench/async: $label had errors" >&2
    exit 1
  fi
  printf '%-44s %10s req/s\n' "$label" "$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
}

new_ports() {
  router_port="$(free_port)"; controller_port="$(free_port)"
  router="http://127.0.0.1:$router_port"; controller="http://127.0.0.1:$controller_port"
}

intake() {
  echo "== intake: wrk -t2 -c$connections -d$duration (warm-up $warmup each); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
  new_ports
  platform embedded
  measure "direct: POST /function/hello (sync, 200)" "$router/function/hello"
  measure "async, embedded queue, via router (202)" "$router/async-function/hello"
  measure "async, embedded queue, straight to controller" "$controller/async-function/hello"
  FAAS_HOME="$work/home-embedded" "$repo/faas" down >/dev/null 2>&1 || true

  if [ -n "$nats_bin" ]; then
    nats_port="$(free_port)"
    "$nats_bin" -js -a 127.0.0.1 -p "$nats_port" -sd "$work/nats" >"$work/nats.log" 2>&1 &
    nats_pid=$!
    sleep 1
    new_ports
    platform nats FAAS_ASYNC_QUEUE=nats FAAS_ASYNC_NATS_URL="nats://127.0.0.1:$nats_port"
    measure "direct: POST /function/hello (sync, 200)" "$router/function/hello"
    measure "async, JetStream queue, via router (202)" "$router/async-function/hello"
    measure "async, JetStream queue, straight to controller" "$controller/async-function/hello"
  else
    echo "(JetStream not measured: nats-server is not installed)"
  fi
}

kafka() {
  local count="${1:-5000}" partitions="${2:-4}" runs="${RUNS:-3}" classpath bootstrap line
  duration=10s; warmup="${WARMUP:-5s}"
  echo "== kafka: $count messages per run, $runs runs, topic of $partitions partitions, trigger.concurrency $partitions; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
  # The broker is the tests' own (testsupport.KafkaBroker), so the bench needs the controller's test classpath.
  mvn -B -q -f "$repo/pom.xml" -pl controller test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$work/classpath.txt" -Dbuild.dir="$work/controller-build" -Dfaas.ui.skip=true >"$work/mvn.log" 2>&1 \
    || { cat "$work/mvn.log" >&2; echo "bench/async: building the Kafka broker's classpath failed" >&2; exit 1; }
  classpath="$work/controller-build/test-classes:$work/controller-build/classes:$(cat "$work/classpath.txt")"
  mkdir -p "$work/tmp"
  java -Djava.io.tmpdir="$work/tmp" -cp "$classpath" dev.faas.controller.testsupport.KafkaTriggerBench \
      broker bench "$partitions" "$work/kafka.ready" >"$work/kafka.log" 2>&1 &
  kafka_pid=$!
  for _ in $(seq 1 240); do
    [ -f "$work/kafka.ready" ] && break
    kill -0 "$kafka_pid" 2>/dev/null || { cat "$work/kafka.log" >&2; echo "bench/async: the Kafka broker did not start" >&2; exit 1; }
    sleep 0.5
  done
  bootstrap="$(cat "$work/kafka.ready")"
  new_ports
  annotations="    annotations:
      kafka.topic: bench
      trigger.concurrency: \"$partitions\""
  platform kafka FAAS_TRIGGERS_KAFKA_BOOTSTRAP_SERVERS="$bootstrap"
  measure "direct: POST /function/hello, $partitions connections" "$router/function/hello" "$partitions"
  measure "direct: POST /function/hello, 16 connections" "$router/function/hello" 16
  produce() {
    java -cp "$classpath" dev.faas.controller.testsupport.KafkaTriggerBench produce "$bootstrap" bench "$1" \
        faas-default-hello 2>"$work/produce.log" || { cat "$work/produce.log" >&2; exit 1; }
  }
  produce 500 >/dev/null
  for run in $(seq 1 "$runs"); do
    line="$(produce "$count" | tail -n 1)"
    set -- $line
    printf '%-44s %10s msg/s  (%s messages in %s s; produced in %s s)\n' "kafka trigger end to end, run $run" "$3" "$1" "$2" "$4"
  done
}

"$mode" "$@"
