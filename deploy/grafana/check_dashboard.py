#!/usr/bin/env python3
"""Checks a Grafana dashboard JSON for deploy/check.sh: valid JSON, a Prometheus datasource variable
used by every panel and query, unique panel ids, balanced PromQL, and only metric names Uptally exposes
or the rules record. Prints what is wrong with which panel and exits 1."""
import json
import re
import sys
from pathlib import Path

EXPOSED = {
    "uptally_device_up", "uptally_device_state", "uptally_device_last_heartbeat_timestamp_seconds",
    "uptally_device_up_seconds_total", "uptally_device_down_seconds_total", "uptally_device_failures_total",
    "uptally_agent_spool_dropped_samples_total", "uptally_ingest_samples_total", "uptally_ingest_rejected_total",
    "uptally_ingest_latency_seconds_bucket", "uptally_store_commit_seconds_sum", "uptally_store_commit_seconds_count",
    "uptally_client_availability_target_ratio", "uptally_patch_window_missed_total",
    "uptally_client_availability_ratio", "uptally_client_error_budget_remaining_ratio",
    "uptally_client_availability_computed_timestamp_seconds", "uptally_device_info",
    "uptally_device_cpu_usage_ratio", "uptally_device_memory_available_ratio", "uptally_device_disk_free_bytes",
    "uptally_device_temperature_celsius", "uptally_device_battery_health_ratio",
}
DATASOURCE = "${datasource}"


def recorded_names(rules_file):
    return set(re.findall(r"^\s*- record:\s*(\S+)", rules_file.read_text(encoding="utf-8"), re.MULTILINE))


def balanced(expr):
    depth = {"(": 0, "[": 0, "{": 0}
    closing = {")": "(", "]": "[", "}": "{"}
    for ch in re.sub(r'"[^"]*"', '""', expr):
        if ch in depth:
            depth[ch] += 1
        elif ch in closing:
            depth[closing[ch]] -= 1
            if depth[closing[ch]] < 0:
                return False
    return all(v == 0 for v in depth.values())


def main(path):
    errors = []
    try:
        dashboard = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        print(f"{path}:{e.lineno}:{e.colno}: invalid JSON: {e.msg}")
        return 1
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    ds = variables.get("datasource")
    if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        errors.append("templating: needs a variable 'datasource' of type datasource with query 'prometheus'")
    for name, var in variables.items():
        if var.get("type") == "query" and var.get("datasource", {}).get("uid") != DATASOURCE:
            errors.append(f"variable {name}: datasource must be {DATASOURCE}")
    known = EXPOSED | recorded_names(Path(__file__).resolve().parent.parent / "prometheus" / "uptally-rules.yml")
    ids = set()
    for panel in dashboard.get("panels", []):
        where = f"panel {panel.get('id')} '{panel.get('title')}'"
        if panel.get("id") in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(panel.get("id"))
        if "gridPos" not in panel:
            errors.append(f"{where}: no gridPos")
        if panel.get("type") == "row":
            continue
        if panel.get("datasource", {}).get("uid") != DATASOURCE:
            errors.append(f"{where}: datasource must be {DATASOURCE}")
        if not panel.get("targets"):
            errors.append(f"{where}: no queries")
        for t in panel.get("targets", []):
            expr = t.get("expr", "")
            if t.get("datasource", {}).get("uid") != DATASOURCE:
                errors.append(f"{where} query {t.get('refId')}: datasource must be {DATASOURCE}")
            if not balanced(expr):
                errors.append(f"{where} query {t.get('refId')}: unbalanced brackets in {expr!r}")
            for metric in re.findall(r"\b((?:[a-z_]+:)?uptally_[a-z0-9_]+(?::[a-z0-9_]+)?)", expr):
                if metric not in known:
                    errors.append(f"{where} query {t.get('refId')}: unknown metric {metric}")
    for e in errors:
        print(f"{path}: {e}")
    if not errors:
        print(f"{path}: ok ({len(ids)} panels)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(max(main(p) for p in sys.argv[1:]) if len(sys.argv) > 1 else 2)
