#!/usr/bin/python3
"""Export the BatchNorm + bias test fixtures (untrained, fixed seed) in both forms torch writes, so
that the Java import of biases and BatchNorm (SEMANTICS §7) is tested on real exports:

  bn-tiny-folded.onnx:    the default eval export: torch fuses each BatchNorm2d into the conv
                          before it (a conv bias), and keeps the BatchNorm1d after the Linear as
                          a BatchNormalization node
  bn-tiny-preserved.onnx: training=TrainingMode.PRESERVE on the eval-mode model: every BatchNorm
                          stays a BatchNormalization node (inference form)
  bn-tiny-maxpool.onnx:   the same layers with max pooling instead of average pooling (2x2/2, then
                          the torchvision ResNet stem's overlapping 3x3/2 with padding 1), default
                          export: the gated max pooling of SEMANTICS §7

The net (3x32x32 input, CIFAR-10's shape, so the command-line tests can feed it CIFAR-format data): Conv(3->4, bias) BN ReLU AvgPool2 | Conv(4->6, no bias) BN ReLU AvgPool2 |
Flatten Linear(384->8, bias) BN1d ReLU Linear(8->10, bias); BatchNorm statistics and affine
parameters are set at random (else folding would be the identity).

  /usr/bin/python3 tools/train/make_bn_fixtures.py --out-dir network/src/test/resources/models
"""

import argparse
import os

import onnx
import torch
import torch.nn as nn

SEED = 5


class BnTiny(nn.Module):
    def __init__(self, max_pool=False):
        super().__init__()
        pool1 = nn.MaxPool2d(2) if max_pool else nn.AvgPool2d(2)
        pool2 = nn.MaxPool2d(3, stride=2, padding=1) if max_pool else nn.AvgPool2d(2)
        self.f = nn.Sequential(
            nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), pool1,
            nn.Conv2d(4, 6, 3, padding=1, bias=False), nn.BatchNorm2d(6), nn.ReLU(), pool2,
            nn.Flatten(), nn.Linear(384, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 10))

    def forward(self, x):
        return self.f(x)


def build(seed, max_pool=False):
    torch.manual_seed(seed)
    m = BnTiny(max_pool)
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, (nn.BatchNorm2d, nn.BatchNorm1d)):
                mod.running_mean.uniform_(-0.5, 0.5)
                mod.running_var.uniform_(0.5, 2.0)
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.3, 0.3)
    return m.eval()


def export(model, path, **kw):
    tmp = path + ".tmp"
    with torch.no_grad():
        torch.onnx.export(model, torch.zeros(1, 3, 32, 32), tmp, opset_version=13, input_names=["input"],
                          output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                          **kw)
    onnx.checker.check_model(onnx.load(tmp))
    os.replace(tmp, path)
    ops = [n.op_type for n in onnx.load(path).graph.node]
    print("%s: %d bytes, %d BatchNormalization node(s): %s" % (os.path.basename(path), os.path.getsize(path),
                                                               ops.count("BatchNormalization"), " ".join(ops)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(a.out_dir, exist_ok=True)
    model = build(a.seed)
    export(model, os.path.join(a.out_dir, "bn-tiny-folded.onnx"))
    export(model, os.path.join(a.out_dir, "bn-tiny-preserved.onnx"), training=torch.onnx.TrainingMode.PRESERVE)
    export(build(a.seed, max_pool=True), os.path.join(a.out_dir, "bn-tiny-maxpool.onnx"))


if __name__ == "__main__":
    main()
