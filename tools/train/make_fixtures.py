#!/usr/bin/python3
"""Export the small UNTRAINED test fixtures (random He initialisation, fixed seed) used by
the Java tests to compare ONNX Runtime with the Java implementation:

  resnet-tiny32.onnx/.json: resnet_small32(widths=(8,16,32), blocks=(1,1,1),
      preprocess_layers=2, junction_relu=True), torch.manual_seed(SEED) before construction
  vgg-tiny32.onnx/.json:    vgg_small32(widths=(8,16,32), convs_per_block=2, fc=(32,)),
      torch.manual_seed(SEED) before construction

  /usr/bin/python3 tools/train/make_fixtures.py --out-dir network/src/test/resources/models
"""

import argparse
import os
import shlex
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import datasets  # noqa: E402
import export  # noqa: E402
import models  # noqa: E402

SEED = 1234

FIXTURES = [
    ("resnet-tiny32", "resnet_small32",
     dict(widths=(8, 16, 32), blocks=(1, 1, 1), preprocess_layers=2, junction_relu=True)),
    ("vgg-tiny32", "vgg_small32",
     dict(widths=(8, 16, 32), convs_per_block=2, fc=(32,))),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    command = shlex.join([sys.executable] + sys.argv)
    torch.set_num_threads(2)
    os.makedirs(a.out_dir, exist_ok=True)
    for name, arch, kw in FIXTURES:
        torch.manual_seed(a.seed)
        model = models.build(arch, **kw).eval()
        shape = models.ARCHS[arch]["input_shape"]
        prefix = os.path.join(a.out_dir, name)
        export.export_onnx(model, shape, prefix + ".onnx")
        macs = models.count_macs(model, shape)
        meta = export.metadata(
            arch, shape, datasets.CIFAR_MEAN, datasets.CIFAR_STD, datasets.CIFAR_CLASSES,
            "cifar10", test_images=None, test_accuracy=None,
            extra={"untrained": True,
                   "description": "untrained test fixture: %s(%s), He (Kaiming normal) "
                                  "initialisation, torch.manual_seed(%d)"
                                  % (arch, ", ".join("%s=%s" % kv for kv in kw.items()), a.seed),
                   "arch_options": {k: list(v) if isinstance(v, tuple) else v
                                    for k, v in kw.items()},
                   "generation": {"command": command, "seed": a.seed,
                                  "torch_version": torch.__version__},
                   "parameters": int(sum(p.numel() for p in model.parameters())),
                   "macs": int(sum(m for _, m in macs))})
        export.write_json(prefix + ".json", meta)
        print("%s: %s, %d bytes" % (name, arch, os.path.getsize(prefix + ".onnx")))
        for lname, m in macs:
            print("   %-28s %12d" % (lname, m))
        print("   total %d" % sum(m for _, m in macs))


if __name__ == "__main__":
    main()
