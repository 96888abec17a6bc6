#!/usr/bin/env bash
# The restart storm (issue 15 item 4): a collector restarts after an hour's outage and 10,000 agents replay their
# one-hour spools at once. Prints one RESULT line and the machine.
#   bench/storm.sh [JAVA_HOME] [devices, default 10000] [connections, default 4000] [highWatermark, default 2000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jdk="${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
[ -f bench/target/benchmarks.jar ] || ./mvnw -o -q -B -DskipTests -pl bench -am package
echo "JDK: $("$jdk/bin/java" -version 2>&1 | head -1) ($jdk)"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
  "RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); kernel $(uname -r)"
exec "$jdk/bin/java" -Xmx3g -Djava.util.logging.config.file=/dev/null -cp bench/target/benchmarks.jar \
  dev.uptally.bench.storm.RestartStorm "${2:-10000}" "${3:-4000}" "${4:-2000}"
