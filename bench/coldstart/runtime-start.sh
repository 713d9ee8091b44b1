#!/usr/bin/env bash
# Where runtime-java's own start goes: bare starts of the runtime with the hello example, each timed to the first 200
# of a call, with -Xlog:class+load counting the classes loaded and how many came from a class-data archive.
# Usage: [RUNS=10] [FLAGS="<JVM flags>"] bench/coldstart/runtime-start.sh (after a build; FLAGS default to the
# process backend's: -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto). Logs under $TMPDIR (default /tmp).
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp="${TMPDIR:-/tmp}"
rt="$repo/runtime-java/server/target/faas-runtime.jar"; fn="$repo/examples/hello/target"
flags="${FLAGS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto}"
for i in $(seq 1 ${RUNS:-10}); do
  port=$((30000 + RANDOM % 20000))
  t0=$(date +%s%N)
  PORT=$port FAAS_FUNCTION_PATH=$fn java $flags -Xlog:class+load:file=$tmp/cl.$i.txt -jar $rt > $tmp/rt.$i.log 2>&1 &
  pid=$!
  for n in $(seq 3000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -d x http://127.0.0.1:$port/ 2>/dev/null)" = 200 ] && break
    sleep 0.002
  done
  t1=$(date +%s%N)
  echo "run $i: $(( (t1-t0)/1000000 )) ms to first 200; classes $(wc -l < $tmp/cl.$i.txt), from CDS $(grep -c 'shared objects file' $tmp/cl.$i.txt)"
  kill $pid; wait $pid 2>/dev/null
done
