#!/usr/bin/env bash
# Trains the full-depth CIFAR-10 networks of the paper experiment (issue 15), resumably: each run
# saves its whole state after every epoch (STATE_DIR/NAME.pt, atomically) and, started again,
# goes on after the last saved epoch; a finished run (OUT_DIR/NAME.onnx) is skipped.
#
#   tools/train/paper_models.sh OUT_DIR STATE_DIR [QUEUE]
#
# QUEUE 1 (default 'all' = both, one after the other): resnet20-full, resnet20-junction;
# QUEUE 2: vgg16-w4, resnet20-basic. Two queues on two cores, at nice 19 beside other work:
#   nohup nice -n 19 tools/train/paper_models.sh models/cifar10 /tmp/train-state 1 > q1.log 2>&1 &
#   nohup nice -n 19 tools/train/paper_models.sh models/cifar10 /tmp/train-state 2 > q2.log 2>&1 &
# Data: the CIFAR-10 JPEG tarball (DATA, default ../shared/datasets/cifar10 beside the checkout).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?OUT_DIR}"; state="${2:?STATE_DIR}"; queue="${3:-all}"
data="${DATA:-$root/../shared/datasets/cifar10}"
mkdir -p "$out" "$state"
T=(/usr/bin/python3 "$root/tools/train/train.py" --dataset cifar10 --data "$data" --cifar-train jpeg
   --batch-size 128 --seed 1 --threads 1 --eval-every 5 --warmup-epochs 2 --lr 0.05 --epochs 60)
run() {
  local name=$1; shift
  [[ -f "$out/$name.onnx" ]] && { echo "$name: done ($out/$name.onnx)"; return; }
  "${T[@]}" "$@" --out "$out/$name" --state "$state/$name.pt"
}
if [[ $queue == 1 || $queue == all ]]; then
  run resnet20-full --arch resnet20 --preprocess-layers 2 --zero-init-residual
  run resnet20-junction --arch resnet20 --preprocess-layers 0 --zero-init-residual
fi
if [[ $queue == 2 || $queue == all ]]; then
  run vgg16-w4 --arch vgg16 --width-div 4 --fc 512,512
  run resnet20-basic --arch resnet20 --preprocess-layers 0 --no-junction-relu --zero-init-residual
fi
