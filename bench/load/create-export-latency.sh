#!/usr/bin/env bash
# CreateExport latency at fixed request rates (100, 300, 1,000 /s) beside GET /openapi.yaml, on the
# embedded stack, in one command:
#
#   bench/load/create-export-latency.sh [standalone.jar]     (default: standalone/target/standalone.jar)
#
# For each rate and each load generator it starts the stack from the jar in a fresh data directory
# (it takes ports 8080, 8081, 8091 and 27017), seeds load users into its MongoDB, warms it up, runs
# GET /openapi.yaml then CreateExport at that rate (create-export-latency.mjs) and stops the stack;
# so every row starts from an empty job collection and an idle worker. Then it prints one table.
# Settings, as environment variables:
#   RATES=100,300,1000  DURATION=100:30,300:20,1000:10 (s per row, per rate; or one number)
#   WARMUP=20 (s)       TOOLS=paced,autocannon
#   USERS=2500          load users seeded into the catalog; creates rotate over them (each create
#                       also names its own end_time), so none is deduped or refused by the per-user
#                       cap of 5 (2,500 x 5 slots >= the 10,000 creates of the longest row)
#   JFR_RATE=300        record a JFR of the stack during the first tool's CreateExport row at that
#                       rate, and print where its CPU went (empty: no recording)
#   WORKER=off          start the stack with the worker's Kafka listener stopped
#                       (SPRING_KAFKA_LISTENER_AUTO_STARTUP=false): the gateway's cost alone
#   OUT=dir             where the stacks' logs, the results and the JFR go (default: a temp dir)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$(realpath "${1:-$HERE/../../standalone/target/standalone.jar}")"
RATES="${RATES:-100,300,1000}"
DURATION="${DURATION:-100:30,300:20,1000:10}"
WARMUP="${WARMUP:-20}"
USERS="${USERS:-2500}"
TOOLS="${TOOLS:-paced,autocannon}"
JFR_RATE="${JFR_RATE-300}"
OUT="$(realpath -m "${OUT:-$(mktemp -d /tmp/create-export-latency.XXXXXX)}")"
mkdir -p "$OUT"

[ -f "$JAR" ] || { echo "no jar at $JAR: ./mvnw -q -DskipTests package first" >&2; exit 2; }
if [ ! -d "$HERE/node_modules" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund)
fi
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), node $(node --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "stack: $JAR (data, logs and results in $OUT)"
ENV=()
DRAIN=1200 # the warm-up's exports are left to finish before the first row
if [ "${WORKER:-on}" = off ]; then
  ENV=(SPRING_KAFKA_LISTENER_AUTO_STARTUP=false)
  DRAIN=0
  echo "worker: Kafka listener not started (WORKER=off)"
fi

STACK=
stop() {
  if [ -n "$STACK" ] && kill -0 "$STACK" 2>/dev/null; then
    kill -TERM "$STACK"
    for _ in $(seq 1 60); do kill -0 "$STACK" 2>/dev/null || break; sleep 1; done
    kill -KILL "$STACK" 2>/dev/null || true
  fi
  STACK=
}
trap stop EXIT

RESULTS=()
FIRST_TOOL="${TOOLS%%,*}"
for rate in ${RATES//,/ }; do
  for tool in ${TOOLS//,/ }; do
    for port in 8080 8081 8091 27017; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is taken: the embedded stack needs 8080, 8081, 8091 and 27017" >&2; exit 2
      fi
    done
    RUN="$OUT/$rate-$tool"
    rm -rf "$RUN" && mkdir -p "$RUN"
    env "${ENV[@]}" java -jar "$JAR" "$RUN/data" >"$RUN/stack.log" 2>&1 &
    STACK=$!
    for _ in $(seq 1 120); do
      # the facts file is written once gateway and worker are up
      if [ -f "$RUN/data/standalone.json" ] && curl -sf http://localhost:8080/openapi.yaml >/dev/null; then
        break
      fi
      kill -0 "$STACK" 2>/dev/null || { echo "the stack exited; see $RUN/stack.log" >&2; exit 1; }
      sleep 1
    done
    FACTS="$RUN/data/standalone.json"
    MONGO="$(node -p "JSON.parse(require('fs').readFileSync('$FACTS')).mongodb_uri")"
    ENTERPRISE="$(node -p "JSON.parse(require('fs').readFileSync('$FACTS')).enterprise_uid")"
    node "$HERE/seed-users.mjs" "$MONGO" dataexport "$ENTERPRISE" "$USERS"
    JFR_ARGS=()
    if [ "$rate" = "$JFR_RATE" ] && [ "$tool" = "$FIRST_TOOL" ]; then
      JFR_ARGS=(--jfr-rate "$JFR_RATE" --jfr-file "$OUT/stack-create-$JFR_RATE.jfr")
    fi
    node "$HERE/create-export-latency.mjs" --facts "$FACTS" --users "$USERS" --rates "$rate" \
      --duration "$DURATION" --warmup "$WARMUP" --tools "$tool" --pid "$STACK" \
      --drain-timeout "$DRAIN" --out "$RUN/results.json" "${JFR_ARGS[@]}" >/dev/null
    RESULTS+=("$RUN/results.json")
    stop
  done
done

node "$HERE/print-table.mjs" "${RESULTS[@]}"

if [ -n "$JFR_RATE" ] && [ -f "$OUT/stack-create-$JFR_RATE.jfr" ]; then
  echo
  echo "Where the stack's JVM spent CPU during CreateExport at $JFR_RATE/s ($OUT/stack-create-$JFR_RATE.jfr):"
  node "$HERE/jfr-hot.mjs" "$OUT/stack-create-$JFR_RATE.jfr" 15
fi
