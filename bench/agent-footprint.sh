#!/usr/bin/env bash
# Measures the agent's footprint beside node_exporter and zabbix_agent2, in one run on one machine:
# RSS, PSS and CPU seconds per hour at a 30 s heartbeat interval, on JDK 17 and JDK 25.
#   bench/agent-footprint.sh [seconds]   (default 900; needs Debian's prometheus-node-exporter and zabbix-agent2)
# Writes bench/results/agent-footprint.md. Everything listens on loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration="${1:-900}"
warmup=60
jdk17="${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
jdk25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d /tmp/uptally-footprint.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

[ -f cli/target/uptally.jar ] && [ -f agent/target/uptally-agent.jar ] || ./mvnw -q -B -DskipTests package
# private copies: a rebuild during the run must not change the jars under running JVMs
cp cli/target/uptally.jar agent/target/uptally-agent.jar "$work/"
port=18499
enroll="footprint-enroll-token-0123456789"
sed -e "s/\${UPTALLY_DEMO_PORT}/$port/" -e "s/\${UPTALLY_DEMO_INTERVAL}/30/" cli/src/main/resources/demo/collector.yaml > "$work/collector.yaml"
UPTALLY_API_TOKEN=footprint-api-token-0123456789 ACME_ENROLL_TOKEN=$enroll GLOBEX_ENROLL_TOKEN=footprint-globex-0123456789 \
  INITECH_ENROLL_TOKEN=footprint-initech-0123456789 \
  "$jdk17/bin/java" -jar "$work/uptally.jar" collector --config "$work/collector.yaml" > "$work/collector.log" 2>&1 &
pids+=($!)
sleep 8

# The launcher's agent flags (./uptally agent), kept in one place there.
agent_flags="${AGENT_FLAGS:-$(sed -n 's/^AGENT_JAVA_OPTS_DEFAULT="\(.*\)"$/\1/p' uptally)}"
start_agent() { # name jdk
  mkdir -p "$work/$1"
  printf 'collector: {url: "http://127.0.0.1:%s"}\nenrollmentToken: "%s"\ndeviceClass: workstation\nstateDir: state\n' \
    "$port" "$enroll" > "$work/$1/agent.yaml"
  # MALLOC_ARENA_MAX as ./uptally agent and the systemd unit set it
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 "$2/bin/java" $agent_flags -jar "$work/uptally-agent.jar" --config "$work/$1/agent.yaml" > "$work/$1.log" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!"
}
start_agent agent_jdk17 "$jdk17"
start_agent agent_jdk25 "$jdk25"

/usr/bin/prometheus-node-exporter --web.listen-address=127.0.0.1:19100 > "$work/node_exporter.log" 2>&1 &
pids+=($!); pid_node_exporter=$!
cat > "$work/zabbix_agent2.conf" <<CONF
Server=127.0.0.1
ServerActive=
ListenIP=127.0.0.1
ListenPort=19050
Hostname=footprint
LogType=file
LogFile=$work/zabbix_agent2.log
PidFile=$work/zabbix_agent2.pid
ControlSocket=$work/zabbix_agent2.sock
CONF
/usr/sbin/zabbix_agent2 -f -c "$work/zabbix_agent2.conf" > "$work/zabbix_stdout.log" 2>&1 &
pids+=($!); pid_zabbix_agent2=$!

# Prometheus scrapes node_exporter every 30 s, as the agents heartbeat every 30 s.
( while true; do curl -s -o /dev/null http://127.0.0.1:19100/metrics || true; sleep 30; done ) &
pids+=($!)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup"; }
hz=$(getconf CLK_TCK)
names=(agent_jdk17 agent_jdk25 node_exporter zabbix_agent2)

sleep "$warmup"
declare -A t0 rss_max pss_max
for n in "${names[@]}"; do p="pid_$n"; t0[$n]=$(cpu_ticks "${!p}"); rss_max[$n]=0; pss_max[$n]=0; done
end=$((SECONDS + duration))
while [ $SECONDS -lt $end ]; do
  for n in "${names[@]}"; do
    p="pid_$n"; r=$(rss_kb "${!p}"); s=$(pss_kb "${!p}")
    [ "$r" -gt "${rss_max[$n]}" ] && rss_max[$n]=$r
    [ "$s" -gt "${pss_max[$n]}" ] && pss_max[$n]=$s
  done
  sleep 5
done

# a run in which the collector or an agent died measured something else (backoff, not heartbeats)
pid_collector=${pids[0]}
for n in collector "${names[@]}"; do
  p="pid_$n"; kill -0 "${!p}" 2>/dev/null || { echo "agent-footprint: $n (pid ${!p}) died during the run; see $work" >&2; exit 1; }
done
if grep -q "cannot deliver" "$work"/agent_jdk*.log; then
  echo "agent-footprint: an agent could not deliver heartbeats during the run; see $work/agent_jdk*.log" >&2; exit 1
fi

out=bench/results/agent-footprint.md
mkdir -p bench/results
{
  echo "# Agent footprint"
  echo
  echo "Measured by \`bench/agent-footprint.sh $duration\` on $(date -u +%Y-%m-%d): ${duration} s after a ${warmup} s warm-up,"
  echo "all four running side by side on the same machine; heartbeat interval 30 s; node_exporter scraped every 30 s."
  echo "CPU seconds per hour are extrapolated from the measured window (utime + stime from /proc)."
  echo
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r)"
  echo "- JDK 17: \`$("$jdk17/bin/java" -version 2>&1 | head -1)\`; JDK 25: \`$("$jdk25/bin/java" -version 2>&1 | head -1)\`"
  echo "- Agent JVM flags (from \`./uptally\`): \`$agent_flags\`"
  echo "- node_exporter: \`$(/usr/bin/prometheus-node-exporter --version 2>&1 | head -1)\`; zabbix_agent2: \`$(/usr/sbin/zabbix_agent2 -V 2>&1 | head -1)\`"
  echo
  echo "| process | RSS max (MB) | PSS max (MB) | RSS end (MB) | CPU s / hour |"
  echo "|---|---:|---:|---:|---:|"
  for n in "${names[@]}"; do
    p="pid_$n"; t1=$(cpu_ticks "${!p}")
    cpu=$(awk -v a="${t0[$n]}" -v b="$t1" -v hz="$hz" -v d="$duration" 'BEGIN {printf "%.2f", (b - a) / hz / d * 3600}')
    printf '| %s | %.1f | %.1f | %.1f | %s |\n' "$n" "$(echo "${rss_max[$n]}/1024" | bc -l)" \
      "$(echo "${pss_max[$n]}/1024" | bc -l)" "$(echo "$(rss_kb "${!p}")/1024" | bc -l)" "$cpu"
  done
  echo
  echo "Target (issue 3): RSS ≤ 64 MB, CPU ≤ 2 s per hour."
} > "$out"
cat "$out"
