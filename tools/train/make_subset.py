#!/usr/bin/python3
"""Write the fixed Fashion-MNIST subset used by the Java tests and record a model's
accuracy on it.

The subset is the FIRST 1,000 images of the Fashion-MNIST test set (t10k), written as
standard gzipped IDX files named exactly t10k-images-idx3-ubyte.gz (magic 0x00000803,
dims 1000 x 28 x 28) and t10k-labels-idx1-ubyte.gz (magic 0x00000801, dim 1000).

With --model PREFIX the files just written are read back, normalised in float32 exactly
like training ((pixel/255 - 0.2860)/0.3530), PREFIX.onnx is evaluated on them (numpy
evaluator, onnx_numpy.py) and PREFIX.json gets
  "subset": {"description": ..., "images": 1000, "correct": N, "accuracy": N/1000}.

  /usr/bin/python3 tools/train/make_subset.py --data /usr/share/datasets/fashion-mnist \
      --out-dir runner/src/main/resources/demo/fashion-mnist-1000 \
      --model runner/src/main/resources/demo/fmnist-vgg
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import datasets  # noqa: E402
import export  # noqa: E402

N = 1000
DESCRIPTION = "first 1000 images of the Fashion-MNIST test set (t10k)"
IMAGES = "t10k-images-idx3-ubyte.gz"
LABELS = "t10k-labels-idx1-ubyte.gz"


def write_subset(data_dir, out_dir, n=N):
    x = datasets.read_idx(os.path.join(data_dir, IMAGES))[:n]
    y = datasets.read_idx(os.path.join(data_dir, LABELS))[:n]
    os.makedirs(out_dir, exist_ok=True)
    datasets.write_idx_gz(os.path.join(out_dir, IMAGES), x)
    datasets.write_idx_gz(os.path.join(out_dir, LABELS), y)
    # read back what was written, so the evaluation below uses exactly those bytes
    x2 = datasets.read_idx(os.path.join(out_dir, IMAGES))
    y2 = datasets.read_idx(os.path.join(out_dir, LABELS))
    assert x2.shape == (n, 28, 28) and y2.shape == (n,)
    assert np.array_equal(x2, x) and np.array_equal(y2, y)
    return x2, y2


def evaluate_onnx(onnx_path, x_uint8, y):
    import onnx_numpy
    x = datasets.normalize(x_uint8[:, None], datasets.FMNIST_MEAN, datasets.FMNIST_STD)
    logits = onnx_numpy.run_batched(onnx_path, x)
    pred = logits.argmax(1)
    return int((pred == y).sum()), logits


def make_and_evaluate(data_dir, out_dir, prefix=None, n=N):
    x, y = write_subset(data_dir, out_dir, n)
    print("wrote %s/{%s,%s} (%d images)" % (out_dir, IMAGES, LABELS, n), flush=True)
    if prefix is None:
        return None
    correct, _ = evaluate_onnx(prefix + ".onnx", x, y)
    subset = {"description": DESCRIPTION if n == N else
              "first %d images of the Fashion-MNIST test set (t10k)" % n,
              "images": n, "correct": correct, "accuracy": correct / n}
    meta = export.read_json(prefix + ".json")
    # keep "opset" last, as written by export.metadata
    opset = meta.pop("opset", export.OPSET)
    meta["subset"] = subset
    meta["opset"] = opset
    export.write_json(prefix + ".json", meta)
    print("subset accuracy %d/%d = %.4f (recorded in %s.json)" % (correct, n, correct / n, prefix),
          flush=True)
    return subset


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="folder with the Fashion-MNIST t10k IDX gz files")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--model", help="PREFIX of PREFIX.onnx / PREFIX.json to evaluate and update")
    ap.add_argument("--count", type=int, default=N)
    a = ap.parse_args()
    make_and_evaluate(a.data, a.out_dir, a.model, a.count)


if __name__ == "__main__":
    main()
