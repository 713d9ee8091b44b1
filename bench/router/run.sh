#!/usr/bin/env bash
# Router overhead: the same warm hello instance driven by wrk three ways in one run — directly, through our router,
# and through nginx as a keep-alive reverse proxy — same connections, same duration; then 10 MiB uploads through the
# router while its resident memory is sampled.
# Usage: bench/router/run.sh [DURATION] [CONNECTIONS] — DURATION per mode in wrk's form (default 10s), CONNECTIONS
# default 32. Environment:
# - WARMUP (default 30s, each mode, discarded): the router is a JVM, and on 2 busy cores its JIT takes tens of seconds
#   to compile the call path, during which a call costs 2-8x its steady-state CPU;
# - LARGE_UPLOADS (default 40), LARGE_CONCURRENCY (default 4), FLAT_MB (RSS growth still called flat, default 32);
# - INSTANCE_JAVA_OPTIONS (JAVA_TOOL_OPTIONS for the hello instance, e.g. -Dsun.net.httpserver.nodelay=true: the
#   runtime's JDK HttpServer leaves Nagle on, which costs each small POST ~40 ms of delayed ACK and hides what the
#   proxies cost; see bench/RESULTS.md).
# Starts its own platform (private FAAS_HOME, free loopback ports) and nginx, stops both afterwards.
# Exits non-zero when wrk reports socket errors or non-2xx answers, or an upload fails.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/bench/router"
duration="${1:-10s}"
connections="${2:-32}"
warmup="${WARMUP:-30s}"
cores="$(nproc)"

missing=()
for tool in wrk nginx curl java; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bench/router: missing ${missing[*]} — install with: apt-get install -y wrk nginx curl (and a JDK 17+)" >&2
  exit 2
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

# A loopback port nothing listens on (other benchmarks and test runs share this machine).
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    ss -Hltn "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}

work="$(mktemp -d)"
export FAAS_HOME="$work/faas-home"
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  "$repo/faas" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

router_port="$(free_port)"
controller_port="$(free_port)"
nginx_port="$(free_port)"
router="http://127.0.0.1:$router_port"

echo "== starting the platform (FAAS_HOME=$FAAS_HOME, router :$router_port, controller :$controller_port)"
"$repo/faas" up --port "$router_port" --controller-port "$controller_port" --idle-timeout 24h --no-examples >/dev/null
# One instance, always: min = max = 1 and no scale to zero, so every mode hits the same warm instance.
cat > "$work/stack.yml" <<EOF
version: 1.0
provider:
  name: faas
  gateway: $router
functions:
  hello:
    lang: java
    handler: $repo/examples/hello
    labels:
      com.openfaas.scale.min: "1"
      com.openfaas.scale.max: "1"
      com.openfaas.scale.zero: "false"
EOF
if [ -n "${INSTANCE_JAVA_OPTIONS:-}" ]; then
  printf '    environment:\n      JAVA_TOOL_OPTIONS: "%s"\n' "$INSTANCE_JAVA_OPTIONS" >> "$work/stack.yml"
fi
"$repo/faas" deploy -f "$work/stack.yml" >/dev/null

user="$(sed -n 's/^username=//p' "$FAAS_HOME/credentials")"
password="$(sed -n 's/^password=//p' "$FAAS_HOME/credentials")"
function_json="$(curl -sf -u "$user:$password" "$router/system/function/hello")"
# instances[0].url, without needing jq: the first "url" inside the instances array.
instance="$(printf '%s' "${function_json#*\"instances\":}" | grep -o '"url":"[^"]*"' | head -n 1 | cut -d'"' -f4)"
instances="$(printf '%s' "${function_json#*\"instances\":}" | grep -o '"url":"' | wc -l)"
if [ -z "$instance" ] || [ "$instances" -ne 1 ]; then
  echo "bench/router: expected one instance of hello, found $instances: $function_json" >&2
  exit 1
fi
router_pid="$(cat "$FAAS_HOME/run/router.pid")"

# nginx as a keep-alive reverse proxy to the same instance; /function/hello[/x] arrives as /[x], as the router does it.
mkdir -p "$work/nginx"
chmod 755 "$work" "$work/nginx"
cat > "$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes $cores;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/client_body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream hello { server ${instance#http://}; keepalive 128; }
  server {
    listen 127.0.0.1:$nginx_port;
    client_max_body_size 20m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    location = /function/hello { proxy_pass http://hello/; }
    location /function/hello/ { proxy_pass http://hello/; }
  }
}
EOF
"$nginx_bin" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break
  sleep 0.1
done

declare -A url=(
  [direct]="$instance/"
  [router]="$router/function/hello"
  [nginx]="http://127.0.0.1:$nginx_port/function/hello"
)
modes=(direct router nginx)
for mode in "${modes[@]}"; do
  answer="$(curl -s -d bench -H 'Content-Type: text/plain' -w ' %{http_code}' "${url[$mode]}")"
  if [ "$answer" != "Hello, bench! 200" ]; then
    echo "bench/router: $mode (${url[$mode]}) answered '$answer' instead of 'Hello, bench! 200'" >&2
    exit 1
  fi
done

# wrk prints latencies as 812.00us / 1.23ms / 2.01s: in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000;
    else if (v ~ /m$/) n *= 60000; printf "%.3f", n }'
}

# CPU time (utime + stime, in clock ticks) the given processes have used so far.
cpu_ticks() {
  local pid total=0
  for pid in "$@"; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
declare -A proxy_pids=([router]="$router_pid" [nginx]="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')")
ticks_per_second="$(getconf CLK_TCK)"

declare -A rps p50 p99 cpu
errors=0
load_before="$(cut -d' ' -f1 /proc/loadavg)"
echo "== instance JVM options: ${INSTANCE_JAVA_OPTIONS:-(platform defaults)}"
echo "== wrk -t2 -c$connections -d$duration --latency, POST 'bench' (warm-up $warmup each, discarded); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in "${modes[@]}"; do
  wrk -t2 -c"$connections" -d"$warmup" -s "$here/post.lua" "${url[$mode]}" >/dev/null
  # shellcheck disable=SC2086 # the pid lists split on purpose
  ticks_before="$([ -n "${proxy_pids[$mode]:-}" ] && cpu_ticks ${proxy_pids[$mode]} || echo 0)"
  out="$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/post.lua" "${url[$mode]}")"
  # shellcheck disable=SC2086
  ticks_after="$([ -n "${proxy_pids[$mode]:-}" ] && cpu_ticks ${proxy_pids[$mode]} || echo 0)"
  requests="$(echo "$out" | awk '$2 == "requests" && $3 == "in" { print $1 }')"
  cpu[$mode]="$(awk -v t=$((ticks_after - ticks_before)) -v hz="$ticks_per_second" -v n="$requests" \
    'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }')"
  echo "-- $mode: ${url[$mode]}"
  echo "$out" | sed 's/^/   /'
  rps[$mode]="$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
  p50[$mode]="$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")"
  p99[$mode]="$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")"
  if echo "$out" | grep -q -E 'Socket errors|Non-2xx'; then
    echo "bench/router: $mode had errors (see 'Socket errors' / 'Non-2xx or 3xx responses' above)" >&2
    errors=1
  fi
done

echo
echo "== large bodies: 10 MiB uploads through the router, router JVM RSS (pid $router_pid)"
large_status=0
java "$here/LargeBodyBench.java" "$router" "$router_pid" "$instance" "${LARGE_UPLOADS:-40}" "${LARGE_CONCURRENCY:-4}" \
  "${FLAT_MB:-32}" | tee "$work/large.txt" || large_status=$?
load_after="$(cut -d' ' -f1 /proc/loadavg)"

# The figures as a markdown block: printed here and kept in bench/RESULTS.md (one block per instance-options variant).
{
  echo "### ${INSTANCE_JAVA_OPTIONS:+Instance with \`$INSTANCE_JAVA_OPTIONS\`, }$(date +%F), JDK $(java -version 2>&1 | awk -F'"' 'NR==1 { print $2 }')"
  echo
  echo "Command: \`${INSTANCE_JAVA_OPTIONS:+INSTANCE_JAVA_OPTIONS=$INSTANCE_JAVA_OPTIONS }bench/router/run.sh $duration $connections\`" \
    "(wrk -t2, $connections connections, $duration per mode after a $warmup warm-up; $cores cores; load average" \
    "$load_before before, $load_after after)."
  echo
  echo "| mode | req/s | p50 ms | p99 ms | proxy CPU ms per call |"
  echo "|---|---:|---:|---:|---:|"
  for mode in "${modes[@]}"; do
    printf '| %s | %.0f | %.2f | %.2f | %s |\n' "$mode" "${rps[$mode]}" "${p50[$mode]}" "${p99[$mode]}" \
      "$([ "$mode" = direct ] && echo — || echo "${cpu[$mode]}")"
  done
  echo
  awk -v rr="${rps[router]}" -v rn="${rps[nginx]}" -v rd="${rps[direct]}" \
      -v r50="${p50[router]}" -v r99="${p99[router]}" -v n50="${p50[nginx]}" -v n99="${p99[nginx]}" \
      -v d50="${p50[direct]}" -v d99="${p99[direct]}" 'BEGIN {
    ratio = rr / rn
    printf "- Throughput router/nginx **%.2f** (target ≥ 1.0: %s); router/direct %.2f, nginx/direct %.2f.\n", ratio,
      (ratio >= 1.0 ? "met" : "NOT met"), rr / rd, rn / rd
    printf "- Added over direct, router: p50 **%+.2f ms** (target ≤ 0.3: %s), p99 **%+.2f ms** (target ≤ 1: %s);",
      r50 - d50, (r50 - d50 <= 0.3 ? "met" : "NOT met"), r99 - d99, (r99 - d99 <= 1.0 ? "met" : "NOT met")
    printf " nginx: p50 %+.2f ms, p99 %+.2f ms.\n", n50 - d50, n99 - d99
  }'
  awk '$1 == "large-body" {
    printf "- 10 MiB uploads (%d, %d at a time; hello answers with the body, so as much comes back): direct %d MiB/s,", $2, $3, $4
    printf " through the router %d MiB/s; router RSS before %d MiB, min %d, max %d, final %d: **%s**", $5, $6, $7, $8, $9,
      ($10 == "flat" ? "flat" : $10 == "level" ? "grew, then level" : "kept growing")
    printf " (%d MiB of it in the second half of the run).\n", $11
  }' "$work/large.txt"
} > "$work/section.md"
echo
cat "$work/section.md"

if [ "$errors" -ne 0 ] || [ "$large_status" -ne 0 ]; then
  echo "bench/router: FAILED — errors above; bench/RESULTS.md left unchanged" >&2
  exit 1
fi

# Replace this variant's block in bench/RESULTS.md, or append it.
key="bench/router${INSTANCE_JAVA_OPTIONS:+ instance-options}"
results="$repo/bench/RESULTS.md"
awk -v begin="<!-- $key begin -->" -v end="<!-- $key end -->" -v section="$work/section.md" '
  function block() { print begin; while ((getline line < section) > 0) print line; print end; done = 1 }
  $0 == begin { skipping = 1; block(); next }
  $0 == end && skipping { skipping = 0; next }
  !skipping { print }
  END { if (!done) { print ""; block() } }' "$results" > "$work/RESULTS.md"
cp "$work/RESULTS.md" "$results"
echo "bench/router: figures written to $results ($key)"
