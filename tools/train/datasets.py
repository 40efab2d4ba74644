"""Dataset readers (numpy only; torchvision is NOT needed and not installed here).

Normalisation is done exactly like torchvision's ToTensor + Normalize, in float32:
    x = (pixel / 255 - mean_c) / std_c
computed as float32(pixel) / float32(255), then minus float32(mean_c), then divided by
float32(std_c) (see `normalize`). The Java side must use the same order of operations to
reproduce the network inputs bit for bit.
"""

import gzip
import io
import os
import struct
import tarfile

import numpy as np

FMNIST_MEAN = [0.2860]
FMNIST_STD = [0.3530]
FMNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

CIFAR_MEAN = [0.4914, 0.4822, 0.4465]
CIFAR_STD = [0.2470, 0.2435, 0.2616]
CIFAR_CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
                 "dog", "frog", "horse", "ship", "truck"]


# ---------------------------------------------------------------------------- IDX

def read_idx(path):
    """Read an IDX file (optionally .gz) into a numpy uint8 array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError("%s: not an unsigned-byte IDX file" % path)
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError("%s: size mismatch" % path)
    return arr.reshape(dims)


def write_idx_gz(path, arr):
    """Write a uint8 array as a gzipped IDX file (magic 0x00000801 for 1-D labels,
    0x00000803 for 3-D images; big-endian dims), atomically (temp file + os.replace).
    The gzip header carries mtime 0 and no file name, so the output is reproducible."""
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, arr.ndim) + struct.pack(">" + "I" * arr.ndim,
                                                                   *arr.shape)
    tmp = path + ".tmp"
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(header)
            f.write(arr.tobytes())
    os.replace(tmp, path)


def load_fashion_mnist(data_dir):
    """Returns (train_x, train_y, test_x, test_y) as uint8 arrays, images N x 1 x 28 x 28."""
    def p(name):
        return os.path.join(data_dir, name)
    tr_x = read_idx(p("train-images-idx3-ubyte.gz"))[:, None]
    tr_y = read_idx(p("train-labels-idx1-ubyte.gz"))
    te_x = read_idx(p("t10k-images-idx3-ubyte.gz"))[:, None]
    te_y = read_idx(p("t10k-labels-idx1-ubyte.gz"))
    return tr_x, tr_y, te_x, te_y


# ---------------------------------------------------------------------------- CIFAR-10

def read_cifar_bin(path):
    """CIFAR-10 binary version: 3073-byte records (label, 1024 R, 1024 G, 1024 B)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size % 3073:
        raise ValueError("%s: not a CIFAR-10 binary file" % path)
    rec = data.reshape(-1, 3073)
    return rec[:, 1:].reshape(-1, 3, 32, 32).copy(), rec[:, 0].copy()


def _find(data_dir, names):
    for n in names:
        p = os.path.join(data_dir, n)
        if os.path.exists(p):
            return p
    return None


def read_cifar_jpeg_tar(path, split, classes=CIFAR_CLASSES):
    """Decode <split>/<class>/*.jpg from the tarball with PIL, sorted by (label, file
    name). Returns (x uint8 N x 3 x 32 x 32, y uint8)."""
    from PIL import Image  # noqa: optional dependency
    index = {c: i for i, c in enumerate(classes)}
    items = []
    with tarfile.open(path, "r:gz") as tf:
        for m in tf:
            if not m.isfile() or not m.name.lower().endswith((".jpg", ".jpeg", ".png")):
                continue
            parts = m.name.split("/")
            parts = [q for q in parts if q not in ("", ".")]
            if len(parts) < 3 or parts[-3] != split or parts[-2] not in index:
                continue
            img = Image.open(io.BytesIO(tf.extractfile(m).read())).convert("RGB")
            a = np.asarray(img, dtype=np.uint8)
            if a.shape != (32, 32, 3):
                raise ValueError("%s: unexpected shape %s" % (m.name, a.shape))
            items.append((index[parts[-2]], parts[-1], a.transpose(2, 0, 1)))
    items.sort(key=lambda t: (t[0], t[1]))
    x = np.stack([t[2] for t in items])
    y = np.array([t[0] for t in items], dtype=np.uint8)
    return x, y


def have_pil():
    try:
        import PIL  # noqa
        return True
    except ImportError:
        return False


def load_cifar10(data_dir, train_source="auto", log=print):
    """Returns (train_x, train_y, test_x, test_y, info).

    train_source: 'binary' -> every data_batch_*.bin[.gz] in data_dir (here only
    data_batch_1, 10,000 images); 'jpeg' -> all 50,000 training images from
    cifar10-jpeg.tar.gz (needs PIL); 'auto' -> jpeg if the tarball and PIL are present,
    else binary. The test set is test_batch.bin[.gz] if present, else the tarball's test/.
    """
    tar = _find(data_dir, ["cifar10-jpeg.tar.gz"])
    if train_source == "auto":
        train_source = "jpeg" if (tar and have_pil()) else "binary"
    info = {"train_source": train_source}
    if train_source == "jpeg":
        if not tar:
            raise FileNotFoundError("cifar10-jpeg.tar.gz not found in %s" % data_dir)
        if not have_pil():
            raise RuntimeError("PIL (python3-pil) is needed to read the JPEG tarball")
        log("decoding training JPEGs from %s ..." % tar)
        tr_x, tr_y = read_cifar_jpeg_tar(tar, "train")
        info["train_files"] = [os.path.basename(tar)]
    else:
        files = sorted(f for f in os.listdir(data_dir)
                       if f.startswith("data_batch_") and (f.endswith(".bin")
                                                           or f.endswith(".bin.gz")))
        if not files:
            raise FileNotFoundError("no data_batch_*.bin[.gz] in %s" % data_dir)
        parts = [read_cifar_bin(os.path.join(data_dir, f)) for f in files]
        tr_x = np.concatenate([p[0] for p in parts])
        tr_y = np.concatenate([p[1] for p in parts])
        info["train_files"] = files
    test = _find(data_dir, ["test_batch.bin.gz", "test_batch.bin"])
    if test:
        te_x, te_y = read_cifar_bin(test)
        info["test_file"] = os.path.basename(test)
    elif tar and have_pil():
        te_x, te_y = read_cifar_jpeg_tar(tar, "test")
        info["test_file"] = os.path.basename(tar) + ":test/"
    else:
        raise FileNotFoundError("no CIFAR-10 test set in %s" % data_dir)
    return tr_x, tr_y, te_x, te_y, info


# ---------------------------------------------------------------------------- common

def normalize(x_uint8, mean, std):
    """float32 (pixel/255 - mean_c) / std_c, per channel, N x C x H x W."""
    x = x_uint8.astype(np.float32) / np.float32(255.0)
    m = np.asarray(mean, dtype=np.float32).reshape(1, -1, 1, 1)
    s = np.asarray(std, dtype=np.float32).reshape(1, -1, 1, 1)
    return (x - m) / s


DATASETS = {
    "fashion-mnist": {"mean": FMNIST_MEAN, "std": FMNIST_STD, "classes": FMNIST_CLASSES,
                      "input_shape": [1, 28, 28]},
    "cifar10": {"mean": CIFAR_MEAN, "std": CIFAR_STD, "classes": CIFAR_CLASSES,
                "input_shape": [3, 32, 32]},
}
