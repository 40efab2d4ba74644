#!/usr/bin/python3
"""Writes the NIR fixtures of NirImportTest the way NIR's own writer does (nir/serialization.py:
variable-length strings, gzip-compressed arrays, Python ints as int64 scalars, float32 parameters),
without needing the nir package: h5py only (Debian's python3-h5py).

    /usr/bin/python3 network/src/test/resources/nir/make_fixtures.py network/src/test/resources/nir
"""
import sys

import h5py
import numpy as np


def write_recursive(group, node):
    # What nir.serialization.write does with each value of a node's to_dict().
    for k, v in node.items():
        if k == "metadata":
            if v:
                write_recursive(group.create_group(k), v)
        elif isinstance(v, str):
            group.create_dataset(k, data=v, dtype=h5py.string_dtype())
        elif isinstance(v, np.ndarray):
            group.create_dataset(k, data=v, dtype=v.dtype, compression="gzip")
        elif isinstance(v, dict):
            write_recursive(group.create_group(str(k)), v)
        else:
            group.create_dataset(k, data=v)


def write(path, graph):
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0.7", dtype=h5py.string_dtype())
        write_recursive(f.create_group("node"), graph)


def one_neuron(neuron):
    # Input x -> Affine (w = 1, b = 0) -> neuron -> Output: with x / lambda_in = 1 the neuron receives
    # 1.0 every timestep, so an IF with v_threshold = 1 fires at t = 1, 3, 5, ... (v > 1 is strict).
    return {
        "type": "NIRGraph",
        "nodes": {
            "input": {"type": "Input", "shape": np.array([1, 1, 1])},
            "fc": {"type": "Affine", "weight": np.array([[1.0]], dtype=np.float32),
                   "bias": np.array([0.0], dtype=np.float32)},
            "neuron": neuron,
            "output": {"type": "Output", "shape": np.array([1])},
        },
        "edges": [("input", "fc"), ("fc", "neuron"), ("neuron", "output")],
    }


def main(out):
    ones = np.ones(1, dtype=np.float32)
    write(out + "/h5py-one-if.nir", one_neuron({"type": "IF", "r": ones, "v_threshold": ones,
                                                  "v_reset": np.zeros(1, dtype=np.float32)}))
    write(out + "/h5py-one-lif.nir", one_neuron({"type": "LIF", "tau": ones * 0.01, "r": ones,
                                                   "v_leak": np.zeros(1, dtype=np.float32), "v_threshold": ones,
                                                   "v_reset": np.zeros(1, dtype=np.float32)}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
