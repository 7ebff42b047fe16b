#!/usr/bin/env bash
# Starts a standalone Flink 1.19 session cluster on 127.0.0.1: one JobManager and N TaskManagers, each its own
# JVM, from jars assembled from Maven Central (runners-config/flink-cluster/pom.xml; no Flink tarball needed).
#
# Usage: start-flink-cluster.sh [numTaskManagers (default 2)] [workdir (default /tmp/rios-flink)]
#
# Environment (all optional):
#   FLINK_REST_PORT   REST/web port; default 8081, or a free port when 8081 is taken; 0 = any free port
#   FLINK_RPC_PORT    JobManager RPC port; default 6123, or a free port when taken; 0 = any free port
#   FLINK_TM_SLOTS    task slots per TaskManager (default 2)
#   FLINK_LIB_DIR     the cluster's jars (default runners-config/flink-cluster/target/lib, built if missing)
#   FLINK_CONF_TEMPLATE  directory with the config.yaml and log4j.properties to start from
#                     (default runners-config/flink-cluster/conf)
#   FLINK_JAVA_OPTS   extra JVM options for every process (e.g. -Djava.library.path=/opt/gdal/jni)
#   GDAL_CACHEMAX     GDAL block cache per TaskManager in MB (default 256)
#   JAVA_HOME         the JDK 17 to use (default: java on PATH)
#
# Writes WORKDIR/conf (config.yaml, log4j.properties), WORKDIR/log/{jobmanager,taskmanager-I}.{log,out},
# WORKDIR/run/{jobmanager,taskmanager-I}.pid and WORKDIR/rest-address (HOST:PORT, to pass as --flinkMaster).
# Waits until the REST endpoint's /overview shows every TaskManager; prints "FLINK_REST=HOST:PORT" last.
# Stop with stop-flink-cluster.sh WORKDIR (by the recorded PIDs).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(dirname "$HERE")"                     # runners-config
NTM="${1:-2}"
WORKDIR="${2:-/tmp/rios-flink}"
[[ "$NTM" =~ ^[1-9][0-9]*$ ]] || { echo "numTaskManagers must be a positive number, got '$NTM'" >&2; exit 2; }
mkdir -p "$WORKDIR"
WORKDIR="$(cd "$WORKDIR" && pwd)"
LIB="${FLINK_LIB_DIR:-$MODULE/flink-cluster/target/lib}"
TEMPLATE="${FLINK_CONF_TEMPLATE:-$MODULE/flink-cluster/conf}"
SLOTS="${FLINK_TM_SLOTS:-2}"
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java)"; fi
CONF="$WORKDIR/conf"
RUN="$WORKDIR/run"
LOG="$WORKDIR/log"

log() { echo "[start-flink-cluster] $*" >&2; }

# Refuse to start twice in one workdir.
for f in "$RUN"/*.pid; do
  [[ -f "$f" ]] || continue
  if kill -0 "$(cat "$f")" 2>/dev/null; then
    log "a cluster is already running from $WORKDIR ($(basename "$f" .pid) pid $(cat "$f")); stop it first:"
    log "  $HERE/stop-flink-cluster.sh $WORKDIR"
    exit 1
  fi
done

# 1. lib/: Flink's module jars, GDAL's Java classes and log4j, from Maven.
if [[ ! -f "$LIB/flink-runtime-1.19.3.jar" ]] && ! ls "$LIB"/flink-runtime-*.jar >/dev/null 2>&1; then
  log "assembling $LIB from Maven (runners-config/flink-cluster/pom.xml)"
  mvn -B -ntp -q -f "$MODULE/flink-cluster/pom.xml" package -Dflink.lib.dir="$LIB" >&2
fi
CP="$LIB/*"

# 2. Ports: the requested one, or a free one when it is taken (or 0).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  log "no free port found"; return 1
}
pick_port() {  # $1 = requested (may be empty), $2 = default
  local want="${1:-$2}"
  if [[ "$want" == 0 ]] || port_in_use "$want"; then
    [[ "$want" != 0 ]] && log "port $want is in use; using a free one"
    free_port
  else
    echo "$want"
  fi
}
REST_PORT="$(pick_port "${FLINK_REST_PORT:-}" 8081)"
RPC_PORT="$(pick_port "${FLINK_RPC_PORT:-}" 6123)"
[[ "$RPC_PORT" != "$REST_PORT" ]] || RPC_PORT="$(free_port)"

# 3. conf/: the repository's config with this run's ports, slots and directories.
mkdir -p "$CONF" "$RUN" "$LOG" "$WORKDIR/tmp/web" "$WORKDIR/tmp/blob"
rm -f "$LOG"/*.log "$LOG"/*.out "$RUN"/*.pid "$WORKDIR/rest-address"
set_key() {  # $1 = key, $2 = value: replace the "key: ..." line
  local k="${1//./\\.}"
  grep -q "^$k:" "$CONF/config.yaml" || { log "key $1 missing from config.yaml"; exit 1; }
  sed -i "s|^$k:.*|$1: $2|" "$CONF/config.yaml"
}
cp "$TEMPLATE/config.yaml" "$TEMPLATE/log4j.properties" "$CONF/"
set_key rest.port "$REST_PORT"
set_key jobmanager.rpc.port "$RPC_PORT"
set_key taskmanager.numberOfTaskSlots "$SLOTS"
set_key io.tmp.dirs "$WORKDIR/tmp"
set_key web.tmpdir "$WORKDIR/tmp/web"
set_key blob.storage.directory "$WORKDIR/tmp/blob"

# 4. Launch. Java 17 module flags: the set flink-dist's scripts pass through env.java.opts.all (which only those
# scripts read; we start java ourselves). Kryo's fallback serialization of JDK types needs them.
JAVA17_OPTS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)
# shellcheck disable=SC2206
EXTRA_OPTS=(${FLINK_JAVA_OPTS:-})

# As bin/jobmanager.sh and bin/taskmanager.sh do: BashJavaUtils derives the JVM memory flags (line 1) and the
# fully resolved memory/CPU options, passed as -D dynamic properties (line 2), from *.memory.process.size.
# TaskManagerRunner refuses to start without the latter.
resource_params() {  # $1 = GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  local out
  out="$("$JAVA" -cp "$CP" -Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF" 2>&1)" \
    || { log "BashJavaUtils $1 failed:"; echo "$out" >&2; return 1; }
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

STARTED=()
launch() {  # $1 = name, $2 = main class, $3 = resource params (2 lines)
  local name=$1 main=$2 params=$3 jvm dyn pid
  jvm="$(sed -n 1p <<<"$params")"
  dyn="$(sed -n 2p <<<"$params")"
  # shellcheck disable=SC2086
  GDAL_CACHEMAX="${GDAL_CACHEMAX:-256}" nohup "$JAVA" $jvm "${JAVA17_OPTS[@]}" "${EXTRA_OPTS[@]}" \
    -Dlog.file="$LOG/$name.log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -Dlog4j2.formatMsgNoLookups=true -Drios.flink.workdir="$WORKDIR" \
    -cp "$CP" "$main" --configDir "$CONF" $dyn </dev/null >"$LOG/$name.out" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN/$name.pid"
  STARTED+=("$pid")
  log "started $name, pid $pid"
}

fail() {
  log "$*"
  for f in "$LOG"/*.out; do [[ -s "$f" ]] && { log "--- $f"; tail -20 "$f" >&2; }; done
  for f in "$LOG"/*.log; do
    grep -q ERROR "$f" 2>/dev/null && { log "--- $f"; grep -A12 -m1 ERROR "$f" | cut -c1-400 >&2; }
  done
  log "stopping what was started"
  "$HERE/stop-flink-cluster.sh" "$WORKDIR" >&2 || true
  exit 1
}

t0=$(date +%s%N)
JM_PARAMS="$(resource_params GET_JM_RESOURCE_PARAMS)" || exit 1
TM_PARAMS="$(resource_params GET_TM_RESOURCE_PARAMS)" || exit 1   # the same for every TaskManager
launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$JM_PARAMS"
for i in $(seq 1 "$NTM"); do
  launch "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$TM_PARAMS"
done

# 5. Wait for the REST endpoint to list every TaskManager (at most 90 s).
URL="http://127.0.0.1:$REST_PORT/overview"
for _ in $(seq 1 180); do
  for pid in "${STARTED[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "process $pid exited during start-up (logs in $LOG)"
  done
  o="$(curl -sf --max-time 2 "$URL" 2>/dev/null || true)"
  if [[ "$o" == *"\"taskmanagers\":$NTM,"* ]]; then
    echo "127.0.0.1:$REST_PORT" >"$WORKDIR/rest-address"
    log "cluster up in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $o"
    log "web UI: http://127.0.0.1:$REST_PORT/   logs: $LOG   stop: $HERE/stop-flink-cluster.sh $WORKDIR"
    echo "FLINK_REST=127.0.0.1:$REST_PORT"
    exit 0
  fi
  sleep 0.5
done
fail "the cluster did not show $NTM TaskManagers at $URL within 90 s (last answer: ${o:-none})"
