#!/usr/bin/env bash
# The collector's ingest ceiling, side by side with nginx answering 204 to the same requests (issue 15).
#   bench/load/ceiling.sh [--mode live|replay] [--devices N] [--seconds S] [--rounds R] [--threads T]
#                         [--connections C] [--rate REQ_PER_S] [--warmup S] [--tls] [--jdk JAVA_HOME] [--out FILE.md]
#                         [--smoke]
# Starts a collector (SQLite in a temp dir, rate limits off, loopback) and nginx (`return 204`) on free loopback
# ports, enrolls N devices through the wire protocol, then runs wrk with bench/load/heartbeats.lua against each in
# alternating rounds (nginx first) after a warm-up of the collector alone (--warmup S, default 10 s: the JIT compiles
# the request path; not counted), and prints per round and as medians: requests/s, samples/s, p50/p90/p99/p99.9,
# and the collector's rate as a fraction of nginx's. It checks that the collector acknowledged no more samples than
# its uptally_ingest_samples_total counted, and that it answered no error. --out appends the summary to a markdown
# file with the machine and JDK. --smoke: a few seconds, to keep the tool from rotting (CI runs it).
# UPTALLY_JAR=path runs another build's collector (an A/B of two builds); UPTALLY_JAVA_OPTS adds JVM options.
# Needs wrk and nginx (Debian: wrk, nginx-light), openssl and keytool for --tls. Everything listens on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo="$PWD"

mode=live devices=4000 seconds=15 rounds=3 threads=2 connections=64 rate=0 tls=0 out="" smoke=0 warmup=10
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --devices) devices="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --tls) tls=1; shift ;;
    --warmup) warmup="$2"; shift 2 ;;
    --jdk) jdk="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --smoke) smoke=1; devices=200; seconds=2; rounds=1; connections=16; warmup=1; shift ;;
    *) echo "ceiling: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
case "$mode" in live|replay) ;; *) echo "ceiling: --mode must be live or replay" >&2; exit 2 ;; esac
if [ "$devices" -lt $((4 * connections)) ]; then
  # fewer devices than requests in flight would let one device's requests overtake each other
  echo "ceiling: --devices ($devices) must be at least 4 x --connections ($connections)" >&2; exit 2
fi
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || { echo "ceiling: $tool is missing (apt-get install wrk nginx-light curl)" >&2; exit 2; }
done
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
java="$jdk/bin/java"

if [ ! -f cli/target/uptally.jar ] || [ ! -f bench/target/benchmarks.jar ]; then
  ./mvnw -q -B -DskipTests -Dmaven.javadoc.skip=true -pl cli,bench -am package
fi

work="$(mktemp -d /tmp/uptally-ceiling.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$java" -cp bench/target/benchmarks.jar dev.uptally.bench.load.FreePort; }
cport=$(free_port); nport=$(free_port)
while [ "$nport" = "$cport" ]; do nport=$(free_port); done
enroll="enroll-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
apitoken="api-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
scheme=http tls_yaml="tls: null" nginx_listen="listen 127.0.0.1:$nport;" java_tls=()
if [ "$tls" = 1 ]; then
  scheme=https
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  keytool -importcert -noprompt -alias collector -file "$work/cert.pem" -keystore "$work/trust.p12" \
    -storetype PKCS12 -storepass changeit >/dev/null 2>&1
  tls_yaml="tls: {certFile: $work/cert.pem, keyFile: $work/key.pem}"
  nginx_listen="listen 127.0.0.1:$nport ssl; ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;"
  java_tls=(-Djavax.net.ssl.trustStore="$work/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit)
fi

cat > "$work/collector.yaml" <<YAML
server:
  listen: "127.0.0.1:$cport"
  $tls_yaml
  rateLimits: {deviceRequestsPerMinute: 0, deviceBurst: 0, authFailuresPerMinute: 0, enrollmentsPerMinute: 0, enrollmentBurst: 0}
storage:
  sqlite: {path: $work/data/uptally.db}
api:
  tokens:
    - {name: bench, token: "$apitoken", role: viewer}
heartbeat: {intervalSeconds: 30, graceIntervals: 3, maxSampleAgeDays: 35}
contracts:
  standard:
    availability:
      workstation: {target: 99.0, calendar: 24x7, counts: [crash, silent]}
    priorities:
      P3: {response: 4h, resolution: 2d, calendar: 24x7}
    rules:
      deviceDown: {workstation: P3}
clients:
  - {id: bench, name: "Bench", timezone: UTC, contract: standard, enrollmentTokens: ["$enroll"]}
YAML

cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_buffer_size 8m;
  client_max_body_size 8m;
  client_body_temp_path $work/nginx-body;
  keepalive_requests 1000000;
  server { $nginx_listen location / { return 204; } }
}
CONF

mkdir -p "$work/data"
"$java" ${UPTALLY_JAVA_OPTS:-} -jar "${UPTALLY_JAR:-cli/target/uptally.jar}" collector --config "$work/collector.yaml" > "$work/collector.log" 2>&1 &
pids+=($!)
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' > "$work/nginx.log" 2>&1 &
pids+=($!)
curl_tls=(); [ "$tls" = 1 ] && curl_tls=(--cacert "$work/cert.pem")
collector_pid=${pids[0]}
for _ in $(seq 1 300); do
  kill -0 "$collector_pid" 2>/dev/null || break
  curl -fsS "${curl_tls[@]}" -o /dev/null "$scheme://127.0.0.1:$cport/readyz" 2>/dev/null && break
  sleep 0.1
done
curl -fsS "${curl_tls[@]}" -o /dev/null "$scheme://127.0.0.1:$cport/readyz" || { echo "ceiling: the collector did not start:" >&2; tail -20 "$work/collector.log" >&2; exit 1; }

"$java" "${java_tls[@]}" -cp bench/target/benchmarks.jar dev.uptally.bench.load.WrkFleet \
  --url "$scheme://127.0.0.1:$cport" --token "$enroll" --devices "$devices" --out "$work/fleet.lua"

samples_total() {
  curl -fsS "${curl_tls[@]}" "$scheme://127.0.0.1:$cport/metrics" | awk '/^uptally_ingest_samples_total/ {s += $NF} END {printf "%d", s}'
}
boot_ms=$(( $(date +%s) * 1000 - 32 * 86400000 ))
per_request=1; [ "$mode" = replay ] && per_request=1000
results="$work/results.tsv"
: > "$results"
run_wrk() { # target url day [seconds] -> one RESULT json line
  UPTALLY_WRK_RATE="$rate" wrk -t"$threads" -c"$connections" -d"${4:-$seconds}s" --timeout 10s \
    -s bench/load/heartbeats.lua "$2" -- "$work/fleet.lua" "$mode" "$boot_ms" "$3" "$threads" "$connections" \
    | sed -n 's/^RESULT //p'
}
# CPU time (user + system, clock ticks) of the target's processes: its cost per request, whatever else shares the cores
clk_tck=$(getconf CLK_TCK)
cpu_ticks() {
  local ps_="$collector_pid"
  [ "$1" = nginx ] && ps_="$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')"
  local t=0 p
  for p in $ps_; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$t"
}
field() { echo "$1" | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"; }
failed=0
if [ "$warmup" -gt 0 ]; then
  # day 1 of the replay days: the rounds take days 2, 3, … so that sample times only move forward
  json=$(run_wrk collector "$scheme://127.0.0.1:$cport" 1 "$warmup")
  echo "warm-up of the collector: $(field "$json" requests) requests in ${warmup}s (not counted)"
fi
for r in $(seq 1 "$rounds"); do
  for target in nginx collector; do
    if [ "$target" = nginx ]; then url="$scheme://127.0.0.1:$nport"; else url="$scheme://127.0.0.1:$cport"; fi
    before=0; [ "$target" = collector ] && before=$(samples_total)
    cpu0=$(cpu_ticks "$target")
    json=$(run_wrk "$target" "$url" "$((r + 1))")
    cpu1=$(cpu_ticks "$target")
    [ -n "$json" ] || { echo "ceiling: wrk printed no result for $target" >&2; exit 1; }
    reqs=$(field "$json" requests); micros=$(field "$json" durationMicros)
    errs=$(( $(field "$json" connectErrors) + $(field "$json" readErrors) + $(field "$json" writeErrors) + $(field "$json" statusErrors) + $(field "$json" timeouts) ))
    rps=$(awk -v n="$reqs" -v us="$micros" 'BEGIN {printf "%.0f", n / (us / 1e6)}')
    cpu_us=$(awk -v t="$((cpu1 - cpu0))" -v hz="$clk_tck" -v n="$reqs" 'BEGIN {printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0)}')
    line="$r	$target	$rps	$((rps * per_request))	$(field "$json" p50)	$(field "$json" p90)	$(field "$json" p99)	$(field "$json" p999)	$errs	$cpu_us"
    echo "$line" >> "$results"
    printf 'round %s %-9s %8s req/s %10s samples/s  p50 %s us  p99 %s us  errors %s  cpu %s us/req\n' "$r" "$target" "$rps" \
      "$((rps * per_request))" "$(field "$json" p50)" "$(field "$json" p99)" "$errs" "$cpu_us"
    if [ "$target" = collector ]; then
      after=$(samples_total)
      acked=$(( (reqs - errs) * per_request ))
      counted=$(( after - before ))
      # wrk counts requests whose answer arrived; samples the collector counted may include ones in flight
      # when wrk stopped, so counted >= acknowledged is the check: an acknowledged sample must have been stored
      if [ "$counted" -lt "$acked" ]; then
        echo "ceiling: the collector acknowledged $acked samples but counted $counted in uptally_ingest_samples_total" >&2
        failed=1
      fi
      if [ "$errs" -gt 0 ]; then
        echo "ceiling: the collector answered $errs requests with an error or not at all" >&2
        grep -E "WARN|ERROR" "$work/collector.log" | tail -5 >&2 || true
        failed=1
      fi
    fi
  done
done

# where the collector's time went: commits (each one fsync) and the updates each carried
curl -fsS "${curl_tls[@]}" "$scheme://127.0.0.1:$cport/metrics" | awk '
  /^uptally_store_commit_seconds_count/ {n = $NF} /^uptally_store_commit_seconds_sum/ {t = $NF}
  /^uptally_store_commit_batch_size_count/ {bn = $NF} /^uptally_store_commit_batch_size_sum/ {bs = $NF}
  END {if (n > 0) printf "collector commits: %d, mean %.2f ms, mean %.1f updates each\n", n, 1000 * t / n, (bn > 0 ? bs / bn : 0)}'

median() { sort -n | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.0f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v t="$1" -v c="$2" '$2 == t {print $c}' "$results" | median; }
n_rps=$(col nginx 3); c_rps=$(col collector 3); n_cpu=$(col nginx 10); c_cpu=$(col collector 10)
ratio=$(awk -v c="$c_rps" -v n="$n_rps" 'BEGIN {printf "%.2f", c / n}')
c_p50=$(awk -v v="$(col collector 5)" 'BEGIN {printf "%.1f", v / 1000}')
c_p99=$(awk -v v="$(col collector 7)" 'BEGIN {printf "%.1f", v / 1000}')
c_p999=$(awk -v v="$(col collector 8)" 'BEGIN {printf "%.1f", v / 1000}')
jdk_version=$("$java" -version 2>&1 | head -1)
machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
transport=plaintext; [ "$tls" = 1 ] && transport=TLS
echo
echo "median of $rounds round(s) of ${seconds}s, $mode, $transport, $devices devices, wrk -t$threads -c$connections$([ "$rate" != 0 ] && echo " paced at $rate req/s"):"
echo "  nginx 204: $n_rps req/s; collector: $c_rps req/s ($((c_rps * per_request)) samples/s), ratio $ratio; collector p50 $c_p50 ms, p99 $c_p99 ms, p99.9 $c_p999 ms"
echo "  CPU per request: nginx $n_cpu us, collector $c_cpu us"
if [ -n "$out" ]; then
  if [ ! -s "$out" ]; then
    {
      echo "| date (UTC) | mode | transport | devices | wrk | rounds × s | paced req/s | nginx req/s | collector req/s | collector samples/s | ratio | p50 ms | p99 ms | p99.9 ms | CPU µs/req nginx | CPU µs/req collector | JDK | machine |"
      echo "|---|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    } >> "$out"
  fi
  paced="-"; [ "$rate" != 0 ] && paced="$rate"
  echo "| $(date -u '+%Y-%m-%d %H:%M') | $mode | $transport | $devices | -t$threads -c$connections | $rounds × $seconds (warm-up $warmup) | $paced | $n_rps | $c_rps | $((c_rps * per_request)) | $ratio | $c_p50 | $c_p99 | $c_p999 | $n_cpu | $c_cpu | $jdk_version | $machine |" >> "$out"
  echo "appended to $out"
fi
exit "$failed"
