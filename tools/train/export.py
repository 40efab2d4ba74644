"""ONNX export and metadata JSON writing, shared by train.py, make_subset.py and
make_fixtures.py. Every file is written atomically (temp file, then os.replace)."""

import json
import os
import re

import onnx
import torch

OPSET = 13


def export_onnx(model, input_shape, path):
    """Export `model` (put in eval mode) with a dynamic batch axis and check it."""
    model = model.eval()
    dummy = torch.zeros(1, *input_shape, dtype=torch.float32)
    tmp = path + ".tmp"
    with torch.no_grad():
        torch.onnx.export(model, dummy, tmp, opset_version=OPSET,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    onnx.checker.check_model(onnx.load(tmp))
    os.replace(tmp, path)
    return path


def _collapse(m):
    inner = m.group(1)
    try:
        return json.dumps(json.loads("[" + inner + "]"))
    except ValueError:
        return m.group(0)


def dumps(obj):
    """json.dumps(indent=2), with lists of scalars kept on one line."""
    text = json.dumps(obj, indent=2)
    return re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", _collapse, text)


def write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(dumps(obj))
        f.write("\n")
    os.replace(tmp, path)


def read_json(path):
    with open(path) as f:
        return json.load(f)


def metadata(arch, input_shape, mean, std, class_names, dataset, test_images=None,
             test_accuracy=None, training=None, extra=None):
    meta = {
        "format": "deepsnn-model-metadata",
        "version": 1,
        "arch": arch,
        "input_shape": list(input_shape),
        "mean": list(mean),
        "std": list(std),
        "class_names": list(class_names),
        "dataset": dataset,
        "test_images": test_images,
        "test_accuracy": test_accuracy,
    }
    if training is not None:
        meta["training"] = training
    if extra:
        meta.update(extra)
    meta["opset"] = OPSET
    return meta
