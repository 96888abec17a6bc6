#!/usr/bin/env bash
# Validates the sharded example (deploy/check.sh calls it; so can you):
#   1. every collector and agent YAML here with the product's own `check-config` (the built cli jar: CI runs
#      `./mvnw verify` first; locally `./mvnw -o -q -pl cli -am package -DskipTests`), with dummy secrets;
#   2. the operating rules the files must keep: the standby is the active file with server.listen and
#      storage.standby changed and nothing else; no client is listed by two shards;
#   3. the three Prometheus configs with `promtool check config`, in full (rule files and token files resolved),
#      from a scratch copy that has dummy token files beside them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/cli/target/uptally.jar"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ ! -f "$jar" ]; then
  echo "deploy/sharded/check.sh: $jar not found; build it first (./mvnw -q -pl cli -am package -DskipTests)" >&2
  exit 2
fi

# 1. check-config. The files read their secrets from the environment; these are dummies of the lengths the checks ask.
dummy() { printf "%s%.0s" "$1" $(seq 1 32); }
(
  export UPTALLY_A_API_TOKEN="$(dummy a)" UPTALLY_A_METRICS_TOKEN="$(dummy m)" UPTALLY_A_DB_PASSWORD="$(dummy p)"
  export UPTALLY_B_API_TOKEN="$(dummy b)" UPTALLY_B_METRICS_TOKEN="$(dummy n)"
  export ACME_ENROLL_TOKEN="$(dummy e)" GLOBEX_ENROLL_TOKEN="$(dummy g)" INITECH_ENROLL_TOKEN="$(dummy i)"
  for file in "$here"/collector-*.yaml "$here"/agent-*.yaml; do
    # check-config exits 1 on a problem; a warning is printed with exit 0, and fails here too (stderr non-empty)
    out="$("$java_bin" -jar "$jar" check-config "$file" 2>&1 >/dev/null)" || { echo "$out" >&2; exit 1; }
    if [ -n "$out" ]; then
      echo "$out" >&2
      echo "deploy/sharded/check.sh: $(basename "$file") has warnings" >&2
      exit 1
    fi
    echo "check-config $(basename "$file"): OK"
  done
)

# 2. Operating rules.
strip() { sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d' -e '/^[[:space:]]*listen:/d' -e '/^[[:space:]]*standby:/d' "$1"; }
if ! diff <(strip "$here/collector-a-active.yaml") <(strip "$here/collector-a-standby.yaml") >&2; then
  echo "deploy/sharded/check.sh: collector-a-standby.yaml must be collector-a-active.yaml with only server.listen" \
    "and storage.standby changed (same database, clients, contracts and tokens); the lines above differ" >&2
  exit 1
fi
grep -Eq '^[[:space:]]*standby:[[:space:]]*true' "$here/collector-a-standby.yaml" \
  || { echo "deploy/sharded/check.sh: collector-a-standby.yaml must set storage.standby: true" >&2; exit 1; }
# one file per shard (a standby repeats its active's clients, so it is left out)
shared="$(grep -ho '^  - {id: [A-Za-z0-9_.-]*' "$here/collector-a-active.yaml" "$here/collector-b.yaml" | sort | uniq -d)"
if [ -n "$shared" ]; then
  echo "deploy/sharded/check.sh: a client is listed by two shards: ${shared#*id: }" >&2
  exit 1
fi
echo "operating rules: OK (standby = active but listen and standby; no client in two shards)"

# 3. promtool, in full. The scratch copy keeps the layout (sharded/ beside prometheus/) so that rule_files resolve.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/sharded" "$scratch/prometheus"
cp "$here"/prometheus-*.yml "$scratch/sharded/"
cp "$here/../prometheus/uptally-rules.yml" "$scratch/prometheus/"
for token in $(grep -ho 'credentials_file: [^ ]*' "$here"/prometheus-*.yml | sed 's/credentials_file: //' | sort -u); do
  dummy t > "$scratch/sharded/$token"
done
for config in "$scratch"/sharded/prometheus-*.yml; do
  promtool check config "$config"
done
echo "deploy/sharded/check.sh: all checks passed"
