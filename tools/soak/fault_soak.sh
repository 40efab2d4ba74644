#!/usr/bin/env bash
# Fault soak: a soak run across node processes on loopback while one node is killed (SIGKILL)
# and started again every KILL_EVERY seconds. The coordinator fails over to the nodes up (the
# spare included) and checks, every report interval, that the conservation counters hold and that
# every image batch fired the sequential simulator's spikes (--check-sequential).
#
#   tools/soak/fault_soak.sh [DURATION] [KILL_EVERY_SECONDS] [ARCH] [OUT_DIR]
#   tools/soak/fault_soak.sh 30m 300 resnet20 soak-faults        # the figures in docs/RUNTIME.md
#
# Writes OUT_DIR/coordinator.log (the soak's table), OUT_DIR/soak.json, OUT_DIR/kills.log and one
# log per node process. Exits with the soak's status (0: conservation held and every batch was
# the sequential one). Build first: mvn -q package -DskipTests.
set -euo pipefail
duration="${1:-30m}"
kill_every="${2:-300}"
arch="${3:-resnet20}"
out="${4:-soak-faults}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
snn="$root/bin/snn"
mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listen="127.0.0.1:$port"

"$snn" soak --arch "$arch" --duration "$duration" --report-every 1m --nodes 3 --listen "$listen" \
  --placement round-robin --tiles 2 --timing lockstep --check-sequential --threads 1 --startup-timeout 300 \
  --json "$out/soak.json" > "$out/coordinator.log" 2>&1 &
coordinator=$!

declare -a nodes=()
started=0
start_node() {
  "$snn" node --arch "$arch" --join "$listen" --threads 1 --join-timeout 300 > "$out/node-$started.log" 2>&1 &
  nodes+=("$!")
  disown "$!" # no job-control notice when it is killed
  started=$((started + 1))
}
cleanup() {
  for p in "${nodes[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
# Two workers and a spare.
for _ in 1 2 3; do start_node; done
: > "$out/kills.log"
victim=0
t0=$(date +%s)
while kill -0 "$coordinator" 2>/dev/null; do
  for _ in $(seq "$kill_every"); do
    kill -0 "$coordinator" 2>/dev/null || break 2
    sleep 1
  done
  # Only once the soak is under way (the table has begun).
  grep -q "conservation" "$out/coordinator.log" || continue
  pid="${nodes[$victim]}"
  if kill -9 "$pid" 2>/dev/null; then
    echo "$(( $(date +%s) - t0 )) s: killed node process $pid (node-$victim.log); starting node-$started" >> "$out/kills.log"
  fi
  victim=$((victim + 1))
  start_node
done
set +e
wait "$coordinator"
status=$?
set -e
grep -v "incubator" "$out/coordinator.log" | tail -n +1 | grep -E "minutes|^ +[0-9]|soak|failover" || true
echo "kills: $(wc -l < "$out/kills.log"); coordinator exit status $status"
exit "$status"
