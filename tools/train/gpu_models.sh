#!/usr/bin/env bash
# Trains every CIFAR-10 network of the paper experiment (issue 15) and of the low-latency
# experiment (issue 16) at once on one GPU machine, for a fixed time, and packs the trained
# weights for the trip back:
#
#   tools/train/gpu_models.sh DATA_DIR OUT_DIR [BUDGET_S]
#
# Every training runs in its own process (two CPU threads each, so 8 fit 16 cores) with the
# data on the GPU, bfloat16 autocast and a cosine schedule whose length --time-budget fixes
# after the first (warm-up) epoch: BUDGET_S seconds of training (default 390) whatever the
# card. Each writes OUT_DIR/w/NAME.npz + NAME.train.json (the weights, float16 for the
# full-width VGG-16 so that it travels, and the training record with its per-epoch log) and
# OUT_DIR/w/NAME.log; at the end everything is packed as OUT_DIR/models.tar.part-NN (15 MB
# pieces). Here, unpack with `cat models.tar.part-* | tar x` and export each with
#   /usr/bin/python3 tools/train/train.py --from-weights w/NAME --data CIFAR_DIR --out models/NAME
# which rebuilds the network from its record, evaluates it on this machine's test set and
# writes the ONNX with this machine's exporter (tools/train/README.md, "Models").
# (DEVICE=cpu EXTRA="--cifar-train binary --limit-train 256" BUDGET_S=5: a smoke test anywhere.)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:?DATA_DIR (holding cifar10-jpeg.tar.gz)}"; out="${2:?OUT_DIR}"; budget="${3:-390}"
mkdir -p "$out/w"
py="${PYTHON:-python3}"
common=(--dataset cifar10 --data "$data" --cifar-train jpeg --device "${DEVICE:-cuda}" --amp bf16 --threads 2
        --schedule cosine --epochs 300 --time-budget "$budget" --eval-every 5 --seed 1
        --batch-size 128)
paper=(--lr 0.05 --warmup-epochs 2 --weight-decay 1e-4)
standard=(--lr 0.1 --warmup-epochs 1 --weight-decay 5e-4 --batchnorm)
start() {
  local name=$1; shift
  # the hard limit only matters if the machine stalls: --time-budget stops each run by 1.15 x budget
  PYTHONUNBUFFERED=1 timeout $(( budget * 13 / 10 + 60 )) "$py" "$root/tools/train/train.py" \
    "${common[@]}" "$@" ${EXTRA:-} --weights-out "$out/w/$name" > "$out/w/$name.log" 2>&1 &
}
# issue 15: the paper's networks (no bias, no BatchNorm, average pooling, dropout)
start resnet20-full     --arch resnet20 --preprocess-layers 2 --zero-init-residual "${paper[@]}"
start resnet20-junction --arch resnet20 --preprocess-layers 0 --zero-init-residual "${paper[@]}"
start resnet20-basic    --arch resnet20 --preprocess-layers 0 --no-junction-relu --zero-init-residual "${paper[@]}"
start vgg16-w4          --arch vgg16 --width-div 4 --fc 512,512 "${paper[@]}"
start vgg16-full        --arch vgg16 --fc 512,512 "${paper[@]}" --weights-dtype float16
# issue 16: standard networks (BatchNorm, biases) and trained clip levels
start resnet20-bn       --arch resnet20 --preprocess-layers 0 --zero-init-residual "${standard[@]}"
start vgg16-w4-bn       --arch vgg16 --width-div 4 --fc 512,512 "${standard[@]}"
start vgg16-w4-bn-clip  --arch vgg16 --width-div 4 --fc 512,512 "${standard[@]}" --clip-levels 3
wait
nvidia-smi --query-gpu=name,memory.used --format=csv > "$out/w/nvidia-smi.txt" 2>&1 || true
tail -n 3 "$out"/w/*.log
(cd "$out" && tar cf - w | split -b 15M -d - models.tar.part- && rm -rf w)
ls -la "$out"
