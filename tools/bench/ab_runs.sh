#!/bin/bash
# Interleaved A/B timing of two builds of bin/snn on the same converted networks, as the first table
# of docs/PERFORMANCE.md was measured: for each repeat, thread count and network, the old build then
# the new one, so that drifts of the machine hit both alike. Prints one line per run: the
# simulation's seconds and synaptic events per second. It reports figures and never fails on them.
#
#   tools/bench/ab_runs.sh OLD_CHECKOUT NEW_CHECKOUT REPEATS "NET.snn|DATA|IMAGES" ...
#   e.g. (an old commit built in /tmp/old: git clone . /tmp/old && (cd /tmp/old && git checkout bd6e0ee &&
#   mvn -q package -DskipTests)):
#   tools/bench/ab_runs.sh /tmp/old . 3 "vgg.snn||200" "r20.snn|data/cifar10|40" "v16.snn|data/cifar10|40"
# DATA empty: the bundled images. Timesteps: T (default 500); threads: THREADS (default "1 2").
set -euo pipefail
if [[ $# -lt 4 ]]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
old=$1 new=$2 repeats=$3
shift 3
for root in "$old" "$new"; do
  [[ -x $root/bin/snn ]] || { echo "ab_runs: $root/bin/snn is missing" >&2; exit 2; }
done
for rep in $(seq 1 "$repeats"); do
  for threads in ${THREADS:-1 2}; do
    for spec in "$@"; do
      IFS='|' read -r net data images <<<"$spec"
      for side in old new; do
        root=$old; [[ $side == new ]] && root=$new
        args=(simulate "$net" --images "$images" --timesteps "${T:-500}" --no-ann --threads "$threads")
        [[ -n $data ]] && args+=(--data "$data")
        line=$("$root/bin/snn" "${args[@]}" 2>&1 | grep -o 'steps in [0-9.]* s.*events/s' || echo "failed")
        echo "repeat $rep threads $threads $side $(basename "$net"): $line"
      done
    done
  done
done
