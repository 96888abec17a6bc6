#!/usr/bin/env bash
# Issue 15 item 3, the collector at fleet scale (bench/results/fleet-scale.md):
#   bench/scale.sh [JAVA_HOME]
# builds the bench jar if missing, writes 1 M devices to SQLite and to a throwaway PostgreSQL 15 cluster of its own
# (initdb in /tmp, 127.0.0.1 on a free port, run as user postgres when started as root), then for each store:
# restart to ready, heap per device, silence lateness, whether it fits -Xmx1g, and on 100 k / 10 k-device SQLite fleets
# GET /metrics and the monthly report and /sla over loopback HTTP. Output: bench/results/fleet-scale-jdk<N>.log.
#   SCALE_DEVICES=1000000 SCALE_HEAP=1g SCALE_STORES="sqlite postgres" SCALE_KEEP=1 (keep the data in $SCALE_DIR)
#   SCALE_HTTP=0 (restarts only, no /metrics and report runs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jdk="${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
java="$jdk/bin/java"
devices="${SCALE_DEVICES:-1000000}"
heap="${SCALE_HEAP:-4g}"   # room to weigh the live state; SCALE_FIT (default 1g) then checks the target heap
fit="${SCALE_FIT:-1g}"
stores="${SCALE_STORES:-sqlite postgres}"
dir="${SCALE_DIR:-/tmp/uptally-scale}"
pgbin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -f "${SCALE_JAR:-bench/target/benchmarks.jar}" ] || ./mvnw -q -o -B -DskipTests -pl bench -am package
major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
log="bench/results/fleet-scale-jdk${major}.log"
jar="${SCALE_JAR:-bench/target/benchmarks.jar}"
run() { # run [JVM options] MODE ARGS
  local opts=(); while [[ "$1" == -* ]]; do opts+=("$1"); shift; done
  "$java" "${opts[@]}" -cp "$jar" dev.uptally.bench.scale.FleetScale "$@" 2> >(grep -v '^INFO\|^[A-Z][a-z][a-z] [0-9]' >&2); }
mkdir -p "$dir"
# pristine save|restore STORE: the populated fleet, copied aside once and put back before each restart
pristine() {
  local what="$1" store="$2" files
  if [ "$store" = sqlite ]; then
    files=("$dir/fleet-$devices.db" "$dir/fleet-$devices-health.db")
    for f in "${files[@]}"; do
      if [ "$what" = save ]; then cp "$f" "$f.pristine"; else rm -f "$f-wal" "$f-shm"; cp "$f.pristine" "$f"; fi
    done
  else
    local db=(su postgres -s /bin/bash -c); [ "$(id -u)" = 0 ] || db=(bash -c)
    if [ "$what" = save ]; then
      "${db[@]}" "$pgbin/psql -q -h 127.0.0.1 -p $port -U postgres -c 'CREATE DATABASE fleet_pristine TEMPLATE fleet'"
    else
      "${db[@]}" "$pgbin/psql -q -h 127.0.0.1 -p $port -U postgres -c 'DROP DATABASE fleet' -c 'CREATE DATABASE fleet TEMPLATE fleet_pristine OWNER uptally'"
    fi
  fi
}
exec > >(tee "$log") 2>&1
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $("$java" -version 2>&1 | head -1)"

pg_storage=""
if [[ " $stores " == *" postgres "* ]]; then
  as=(); [ "$(id -u)" = 0 ] && as=(su postgres -s /bin/bash -c)
  pgdir="$dir/pg"
  if [ ! -f "$pgdir/port" ]; then
    rm -rf "$pgdir"; mkdir -p "$pgdir"; [ "$(id -u)" = 0 ] && chown postgres "$pgdir"
    "${as[@]}" "$pgbin/initdb -D $pgdir/data -U postgres --auth=trust -E UTF8 >$pgdir/initdb.log"
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' > "$pgdir/port"
  fi
  port=$(cat "$pgdir/port")
  "${as[@]}" "$pgbin/pg_ctl -D $pgdir/data status" >/dev/null 2>&1 || "${as[@]}" "$pgbin/pg_ctl -D $pgdir/data -l $pgdir/postgres.log -w -o '-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pgdir -c shared_buffers=256MB -c max_wal_size=4GB' start" >/dev/null
  [ "${SCALE_KEEP:-}" ] || trap '"${as[@]}" "$pgbin/pg_ctl -D $pgdir/data -m fast stop" >/dev/null' EXIT
  "${as[@]}" "$pgbin/psql -q -h 127.0.0.1 -p $port -U postgres -c \"DO \\\$\\\$ BEGIN CREATE USER uptally PASSWORD 'bench'; EXCEPTION WHEN duplicate_object THEN NULL; END \\\$\\\$\"" >/dev/null
  if ! "${as[@]}" "$pgbin/psql -h 127.0.0.1 -p $port -U postgres -lqt" | grep -q '^ *fleet '; then
    "${as[@]}" "$pgbin/createdb -h 127.0.0.1 -p $port -U postgres -O uptally fleet"
  fi
  pg_storage="postgres:jdbc:postgresql://127.0.0.1:$port/fleet,uptally,bench"
fi

for store in $stores; do
  if [ "$store" = sqlite ]; then storage="sqlite:$dir/fleet-$devices.db"; else storage="$pg_storage"; fi
  echo; echo "## $store, $devices devices"
  if [ ! -f "$dir/$store-$devices.populated" ]; then
    run -Xmx2g populate "$storage" "$devices" 0 && pristine save "$store" && touch "$dir/$store-$devices.populated"
  fi
  # restart; the silence detector then declares the whole fleet silent at once. Each restart starts from the
  # populated state: a run's silence opens an incident per device, which the next start would load as well
  pristine restore "$store"
  run -Xmx"$heap" -Dscale.interval=30 restart "$storage" "$devices"
  if [ "$fit" != none ]; then
    echo "### the same restart in -Xmx$fit"
    pristine restore "$store"
    run -Xmx"$fit" -XX:+ExitOnOutOfMemoryError -Dscale.interval=30 restart "$storage" "$devices" \
      || echo "restart in -Xmx$fit FAILED (exit $?)"
  fi
done

[ "${SCALE_HTTP:-1}" = 0 ] && exit 0
echo; echo "## SQLite, 100,000 devices: GET /metrics"
[ -f "$dir/m100k.populated" ] || { run -Xmx2g populate "sqlite:$dir/m100k.db" 100000 0 && touch "$dir/m100k.populated"; }
run -Xmx2g -Dscale.runs=5 -Dscale.only=metrics http "sqlite:$dir/m100k.db"

echo; echo "## SQLite, 10,000 devices of one client, a year of history: monthly report and /sla"
[ -f "$dir/r10k.populated" ] || { run -Xmx2g -Dscale.clients=acme populate "sqlite:$dir/r10k.db" 10000 12 && touch "$dir/r10k.populated"; }
run -Xmx2g -Dscale.runs=7 -Dscale.only=reports http "sqlite:$dir/r10k.db"
