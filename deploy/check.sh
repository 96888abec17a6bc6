#!/usr/bin/env bash
# Validates everything under deploy/: Prometheus rules (check + unit tests), the example
# prometheus.yml, the Grafana dashboard JSON, and the sharded example (deploy/sharded: every collector and agent
# YAML through the product's own check-config, its operating rules, its Prometheus configs through promtool). Used by CI
# after `./mvnw verify` (.ci/run), which builds cli/target/uptally.jar; needs promtool (Debian: apt-get install
# prometheus), python3 and java. Exits non-zero on the first failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v promtool >/dev/null 2>&1; then
  echo "deploy/check.sh: promtool not found; install it with 'apt-get install -y prometheus'" >&2
  exit 2
fi

cd "$here/prometheus"
promtool check rules uptally-rules.yml
promtool test rules uptally-rules.test.yml
# --syntax-only: the example points at token and CA files that exist only on a real Prometheus host
promtool check config --syntax-only prometheus.yml

cd "$here/grafana"
for dashboard in *.json; do
  python3 "$here/grafana/check_dashboard.py" "$dashboard"
done

"$here/sharded/check.sh"
echo "deploy/check.sh: all checks passed"
