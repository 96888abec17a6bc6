#!/bin/sh
# Installs (or removes) the Uptally agent as a systemd service. Idempotent: run it again to upgrade.
#
#   sudo ./install.sh [--jar PATH] [--config PATH] [--no-start]
#   sudo ./install.sh --uninstall [--purge]
#
# Installs: user/group 'uptally' (system, no login, no home), /opt/uptally-agent/uptally-agent.jar,
# /etc/uptally-agent/agent.yaml (only when missing; 0640 root:uptally), the unit
# /etc/systemd/system/uptally-agent.service. State lives in /var/lib/uptally-agent (systemd StateDirectory).
# --uninstall keeps the config and the state (device id, spool) unless --purge is given.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../target/uptally-agent.jar"
CONFIG=""
START=1
ACTION=install
PURGE=0

UNIT_NAME=uptally-agent.service
UNIT_DIR=/etc/systemd/system
OPT_DIR=/opt/uptally-agent
ETC_DIR=/etc/uptally-agent
STATE_DIR=/var/lib/uptally-agent
SVC_USER=uptally

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --jar) [ $# -ge 2 ] || die "--jar needs a path"; JAR="$2"; shift 2 ;;
    --config) [ $# -ge 2 ] || die "--config needs a path"; CONFIG="$2"; shift 2 ;;
    --no-start) START=0; shift ;;
    --uninstall) ACTION=uninstall; shift ;;
    --purge) PURGE=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "must run as root (sudo $0 …)"
command -v systemctl >/dev/null 2>&1 || die "systemctl not found: this script installs a systemd service"

uninstall() {
  if systemctl list-unit-files "$UNIT_NAME" >/dev/null 2>&1; then
    systemctl disable --now "$UNIT_NAME" 2>/dev/null || true
  fi
  rm -f "$UNIT_DIR/$UNIT_NAME"
  systemctl daemon-reload
  rm -rf "$OPT_DIR"
  if [ "$PURGE" -eq 1 ]; then
    rm -rf "$ETC_DIR" "$STATE_DIR"
    if id "$SVC_USER" >/dev/null 2>&1; then userdel "$SVC_USER"; fi
    echo "uptally-agent removed, with its config, state and user"
  else
    echo "uptally-agent removed; kept $ETC_DIR and $STATE_DIR (use --purge to delete them)"
  fi
}

install_agent() {
  [ -f "$JAR" ] || die "agent jar not found at $JAR (build it: ./mvnw -pl agent -am package, or pass --jar)"
  command -v java >/dev/null 2>&1 || echo "install.sh: warning: no 'java' on PATH; the unit runs /usr/bin/java (JDK 17+)" >&2

  if ! getent group "$SVC_USER" >/dev/null 2>&1; then
    groupadd --system "$SVC_USER"
  fi
  if ! id "$SVC_USER" >/dev/null 2>&1; then
    useradd --system --gid "$SVC_USER" --no-create-home --home-dir "$STATE_DIR" \
      --shell /usr/sbin/nologin --comment "Uptally agent" "$SVC_USER"
  fi

  install -d -m 0755 "$OPT_DIR"
  install -m 0644 "$JAR" "$OPT_DIR/uptally-agent.jar.new"
  mv -f "$OPT_DIR/uptally-agent.jar.new" "$OPT_DIR/uptally-agent.jar"
  [ -f "$HERE/README.md" ] && install -m 0644 "$HERE/README.md" "$OPT_DIR/README.md"

  install -d -m 0750 -o root -g "$SVC_USER" "$ETC_DIR"
  if [ -n "$CONFIG" ]; then
    install -m 0640 -o root -g "$SVC_USER" "$CONFIG" "$ETC_DIR/agent.yaml"
  elif [ ! -f "$ETC_DIR/agent.yaml" ]; then
    cat > "$ETC_DIR/agent.yaml" <<'YAML'
# Uptally agent configuration; see /opt/uptally-agent/README.md
collector: {url: "https://collector.example:8420", caFile: null}   # or urls: ["https://a:8420", "https://b:8420"]
enrollmentToken: "${UPTALLY_ENROLL_TOKEN}"   # set it in /etc/uptally-agent/agent.env
deviceClass: auto
stateDir: /var/lib/uptally-agent
spool: {maxBytes: 64MiB, maxAge: 35d}
YAML
    chown root:"$SVC_USER" "$ETC_DIR/agent.yaml"
    chmod 0640 "$ETC_DIR/agent.yaml"
    echo "install.sh: wrote a template $ETC_DIR/agent.yaml: set the collector URL and the enrollment token" >&2
  fi
  if [ ! -f "$ETC_DIR/agent.env" ]; then
    install -m 0600 -o root -g root /dev/null "$ETC_DIR/agent.env"
  fi

  install -m 0644 "$HERE/uptally-agent.service" "$UNIT_DIR/$UNIT_NAME"
  # -XX:TrimNativeHeapInterval exists from JDK 17.0.9 / 21.0.1 on; an older JVM would refuse to start with it
  if [ -x /usr/bin/java ] && ! /usr/bin/java -XX:TrimNativeHeapInterval=10000 -version >/dev/null 2>&1; then
    sed -i 's/ -XX:TrimNativeHeapInterval=10000//' "$UNIT_DIR/$UNIT_NAME"
    echo "install.sh: this JDK has no -XX:TrimNativeHeapInterval (before 17.0.9): removed from the unit" >&2
  fi
  systemctl daemon-reload
  if [ "$START" -eq 1 ]; then
    systemctl enable "$UNIT_NAME"
    systemctl restart "$UNIT_NAME"
    echo "uptally-agent installed and (re)started: systemctl status $UNIT_NAME; journalctl -u $UNIT_NAME"
  else
    echo "uptally-agent installed, not started: systemctl enable --now $UNIT_NAME"
  fi
}

case "$ACTION" in
  install) install_agent ;;
  uninstall) uninstall ;;
esac
