#!/usr/bin/env bash
# Runs the JMH benchmarks on one JDK and writes bench/results/<name>-jdk<N>.md with the machine and JDK.
#   bench/run.sh [JAVA_HOME] [JMH regex] [name, default jmh]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jdk="${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
filter="${2:-.}"
name="${3:-jmh}"
[ -f bench/target/benchmarks.jar ] || ./mvnw -q -B -DskipTests -pl bench -am package
java="$jdk/bin/java"
ver=$("$java" -version 2>&1 | head -1)
major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
mkdir -p bench/results
json="bench/results/${name}-jdk${major}.json"
"$java" -jar bench/target/benchmarks.jar "$filter" -rf json -rff "$json" | tee "bench/results/${name}-jdk${major}.log"
{
  echo "# JMH results on JDK ${major} (${filter})"
  echo
  echo "- JDK: \`${ver}\` (${jdk})"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
  echo "- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "- Kernel: $(uname -r); date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| benchmark | params | mode | score | error (99.9 %) | unit |"
  echo "|---|---|---|---:|---:|---|"
  python3 - "$json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    p = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
    m = r["primaryMetric"]
    print(f"| {r['benchmark'].split('.')[-2]}.{r['benchmark'].split('.')[-1]} | {p} | {r['mode']} | {m['score']:.3f} | {m['scoreError']:.3f} | {m['scoreUnit']} |")
PY
} > "bench/results/${name}-jdk${major}.md"
echo "wrote bench/results/${name}-jdk${major}.md"
