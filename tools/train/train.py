#!/usr/bin/python3
"""Train one of the networks of models.py and export it as PREFIX.onnx + PREFIX.json.

Example (the committed demo model, see README.md):
  /usr/bin/python3 tools/train/train.py --arch vgg_small28 --dataset fashion-mnist \
      --data /usr/share/datasets/fashion-mnist --epochs 30 --lr 0.05 --batch-size 128 \
      --seed 1 --threads 2 --out runner/src/main/resources/demo/fmnist-vgg \
      --subset-out runner/src/main/resources/demo/fashion-mnist-1000

Training: SGD, momentum 0.9, weight decay 1e-4, step LR schedule (lr/10 at 50 % and
again at 75 % of the epochs), cross-entropy loss. Inputs are normalised in float32 as
(pixel/255 - mean_c)/std_c (see datasets.normalize).
"""

import argparse
import os
import shlex
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import datasets  # noqa: E402
import export  # noqa: E402
import models  # noqa: E402


def parse_ints(s):
    return tuple(int(v) for v in s.split(",")) if s else None


def build_model(args, num_classes):
    kw = {"num_classes": num_classes}
    if args.arch in ("resnet_small32",):
        if args.widths:
            kw["widths"] = parse_ints(args.widths)
        if args.blocks:
            b = parse_ints(args.blocks)
            kw["blocks"] = b if len(b) > 1 else b[0]
        kw["preprocess_layers"] = args.preprocess_layers
        kw["junction_relu"] = args.junction_relu
        kw["zero_init_residual"] = args.zero_init_residual
    elif args.arch == "resnet20":
        kw["preprocess_layers"] = args.preprocess_layers
        kw["junction_relu"] = args.junction_relu
        kw["zero_init_residual"] = args.zero_init_residual
    elif args.arch == "vgg_small32":
        if args.widths:
            kw["widths"] = parse_ints(args.widths)
        if args.convs_per_block:
            kw["convs_per_block"] = args.convs_per_block
        if args.fc:
            kw["fc"] = parse_ints(args.fc)
    elif args.arch == "vgg_small28":
        if args.widths:
            kw["widths"] = parse_ints(args.widths)
        if args.fc:
            kw["hidden"] = parse_ints(args.fc)[0]
    elif args.arch == "vgg16":
        if args.widths or args.blocks:
            raise SystemExit("--widths/--blocks are not supported for vgg16 (use --width-div)")
        kw["width_div"] = args.width_div
        if args.fc:
            kw["fc"] = parse_ints(args.fc)
    elif args.widths or args.blocks or args.fc:
        raise SystemExit("--widths/--blocks/--fc are not supported for %s" % args.arch)
    return models.build(args.arch, **kw)


def augment_batch(x, modes, pad, gen):
    """x: float tensor N x C x H x W (already normalised). Random horizontal flip and/or
    random crop with zero padding (zero in the normalised domain, like torchvision's
    RandomCrop applied after Normalize would be -mean/std; we pad the normalised tensor
    with 0, i.e. with the mean colour)."""
    n, c, h, w = x.shape
    if "crop" in modes and pad > 0:
        xp = F.pad(x, (pad, pad, pad, pad))
        ox = torch.randint(0, 2 * pad + 1, (n,), generator=gen)
        oy = torch.randint(0, 2 * pad + 1, (n,), generator=gen)
        out = torch.empty_like(x)
        for i in range(n):
            out[i] = xp[i, :, oy[i]:oy[i] + h, ox[i]:ox[i] + w]
        x = out
    if "flip" in modes:
        flip = torch.rand(n, generator=gen) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(3), x)
    return x


# The options that change what is trained: a state file resumes only a training with the same.
# (--threads, --eval-every, --out and the like change how it runs or what is written, not the
# weights; evaluation draws no random numbers.)
IDENTITY_KEYS = ("arch", "dataset", "epochs", "lr", "batch_size", "momentum", "weight_decay",
                 "seed", "augment", "crop_pad", "cifar_train", "limit_train", "widths", "blocks",
                 "convs_per_block", "fc", "preprocess_layers", "junction_relu", "width_div",
                 "zero_init_residual", "warmup_epochs")


def training_identity(args):
    return {k: getattr(args, k) for k in IDENTITY_KEYS}


def save_state(path, state):
    """Writes the training state atomically: a temporary file beside it, then a rename, so a
    training killed while saving leaves the previous epoch's state."""
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


@torch.no_grad()
def evaluate(model, x, y, batch=1000):
    model.eval()
    correct = 0
    for i in range(0, len(x), batch):
        logits = model(x[i:i + batch])
        correct += int((logits.argmax(1) == y[i:i + batch]).sum())
    return correct


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", required=True, choices=sorted(models.ARCHS))
    ap.add_argument("--dataset", required=True, choices=sorted(datasets.DATASETS))
    ap.add_argument("--data", required=True, help="folder with the dataset files")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", required=True, help="output prefix: writes PREFIX.onnx, PREFIX.json")
    ap.add_argument("--augment", default="auto",
                    help="comma list of flip,crop or 'none'; auto = crop,flip for cifar10, "
                         "flip for fashion-mnist")
    ap.add_argument("--crop-pad", type=int, default=4)
    ap.add_argument("--cifar-train", default="auto", choices=["auto", "binary", "jpeg"],
                    help="CIFAR-10 training images: binary data_batch_*.bin[.gz] files or "
                         "the JPEG tarball (all 50,000; needs PIL); auto prefers the tarball")
    ap.add_argument("--limit-train", type=int, default=0, help="use only the first N training images (smoke tests)")
    ap.add_argument("--eval-every", type=int, default=1, help="test-set evaluation every N epochs (always at the end)")
    # architecture options
    ap.add_argument("--widths", help="comma list of channel widths (vgg_small28/32, resnet_small32)")
    ap.add_argument("--blocks", help="resnet_small32: blocks per stage, comma list or one number")
    ap.add_argument("--convs-per-block", type=int, help="vgg_small32: convs per block")
    ap.add_argument("--fc", help="vgg_small32, vgg16: hidden FC sizes; vgg_small28: hidden size")
    ap.add_argument("--width-div", type=int, default=1,
                    help="vgg16: divide every width by this (4: 16,16|32,32|64x3|128x3|128x3), full depth kept")
    ap.add_argument("--preprocess-layers", type=int, default=2, choices=[0, 2],
                    help="resnets: 2 plain pre-processing conv layers, or 0 (single input conv)")
    ap.add_argument("--junction-relu", dest="junction_relu", action="store_true", default=True,
                    help="resnets: ReLU after the residual Add (default)")
    ap.add_argument("--no-junction-relu", dest="junction_relu", action="store_false")
    ap.add_argument("--zero-init-residual", action="store_true",
                    help="ResNets: start the last conv of every residual branch at zero (needed to train "
                    "ResNet-20 without BatchNorm; every other weight keeps the He init)")
    ap.add_argument("--warmup-epochs", type=int, default=0,
                    help="raise the lr linearly from lr/100 over the first N epochs (per batch)")
    ap.add_argument("--subset-out", help="fashion-mnist only: write the first 1,000 test images "
                    "to this folder and record the model's accuracy on them in the JSON")
    ap.add_argument("--checkpoint", help="also save the state_dict here (.pt; not for the repo)")
    ap.add_argument("--state", help="training state file (.pt; not for the repo): written atomically after "
                    "every epoch (weights, optimiser, schedule, random generators, log); when it exists, "
                    "training resumes after its last epoch, with the same result as a run without a stop")
    args = ap.parse_args(argv)

    command = shlex.join([sys.executable] + (sys.argv if argv is None else ["train.py"] + argv))
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed + 1000)
    rng = np.random.default_rng(args.seed)

    ds = datasets.DATASETS[args.dataset]
    spec = models.ARCHS[args.arch]
    if list(spec["input_shape"]) != ds["input_shape"]:
        raise SystemExit("%s expects input %s, %s has %s" % (args.arch, spec["input_shape"],
                                                              args.dataset, ds["input_shape"]))
    t_load = time.time()
    data_info = {}
    if args.dataset == "fashion-mnist":
        tr_x, tr_y, te_x, te_y = datasets.load_fashion_mnist(args.data)
    else:
        tr_x, tr_y, te_x, te_y, data_info = datasets.load_cifar10(args.data, args.cifar_train)
    if args.limit_train:
        tr_x, tr_y = tr_x[:args.limit_train], tr_y[:args.limit_train]
    print("data: %d train, %d test images (%.1f s) %s" % (len(tr_x), len(te_x),
                                                       time.time() - t_load, data_info or ""),
          flush=True)
    mean, std = ds["mean"], ds["std"]
    xtr = torch.from_numpy(datasets.normalize(tr_x, mean, std))
    ytr = torch.from_numpy(tr_y.astype(np.int64))
    xte = torch.from_numpy(datasets.normalize(te_x, mean, std))
    yte = torch.from_numpy(te_y.astype(np.int64))

    if args.augment == "auto":
        modes = {"crop", "flip"} if args.dataset == "cifar10" else {"flip"}
    elif args.augment == "none":
        modes = set()
    else:
        modes = set(args.augment.split(","))

    model = build_model(args, len(ds["classes"]))
    nparams = sum(p.numel() for p in model.parameters())
    macs = models.count_macs(model, spec["input_shape"])
    print("model %s: %d parameters, %d MACs/image" % (args.arch, nparams,
                                                      sum(m for _, m in macs)), flush=True)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum,
                          weight_decay=args.weight_decay)
    milestones = sorted({max(1, int(round(args.epochs * 0.5))), max(1, int(round(args.epochs * 0.75)))})
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=milestones, gamma=0.1)
    print("augment=%s lr=%g milestones=%s" % (sorted(modes), args.lr, milestones), flush=True)

    n = len(xtr)
    test_correct = None
    first_epoch, elapsed_before = 1, 0.0
    identity = training_identity(args)
    if args.state and os.path.exists(args.state):
        st = torch.load(args.state)
        if st.get("identity") != identity:
            diff = sorted(k for k in set(identity) | set(st.get("identity", {}))
                          if identity.get(k) != st.get("identity", {}).get(k))
            raise SystemExit("%s was written by a different training (%s differ); remove it or "
                             "use the same options" % (args.state, ", ".join(diff)))
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["optimizer"])
        sched.load_state_dict(st["scheduler"])
        torch.set_rng_state(st["torch_rng"])
        gen.set_state(st["augment_rng"])
        rng.bit_generator.state = st["numpy_rng"]
        first_epoch, elapsed_before = st["epoch"] + 1, st["seconds"]
        test_correct = st["test_correct"]
        print("resumed from %s after epoch %d (%.0f s of training so far)"
              % (args.state, st["epoch"], elapsed_before), flush=True)
    t0 = time.time() - elapsed_before
    for epoch in range(first_epoch, args.epochs + 1):
        te = time.time()
        model.train()
        perm = torch.from_numpy(rng.permutation(n))
        loss_sum, correct, seen = 0.0, 0, 0
        for i in range(0, n, args.batch_size):
            idx = perm[i:i + args.batch_size]
            xb = augment_batch(xtr[idx], modes, args.crop_pad, gen)
            yb = ytr[idx]
            if epoch <= args.warmup_epochs:
                done = ((epoch - 1) * n + i) / (args.warmup_epochs * n)
                for g in opt.param_groups:
                    g["lr"] = args.lr * (0.01 + 0.99 * done)
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if not torch.isfinite(loss):
                raise SystemExit("loss diverged at epoch %d; lower --lr" % epoch)
            loss_sum += float(loss) * len(idx)
            correct += int((logits.argmax(1) == yb).sum())
            seen += len(idx)
        lr_now = opt.param_groups[0]["lr"]
        if epoch == args.warmup_epochs:
            for g in opt.param_groups:
                g["lr"] = args.lr
        sched.step()
        msg = "epoch %3d/%d lr %.4g loss %.4f train_acc %.4f" % (epoch, args.epochs, lr_now,
                                                                  loss_sum / seen, correct / seen)
        if epoch % args.eval_every == 0 or epoch == args.epochs:
            test_correct = evaluate(model, xte, yte)
            msg += " test_acc %.4f" % (test_correct / len(xte))
        msg += " %.1f s (total %.0f s)" % (time.time() - te, time.time() - t0)
        print(msg, flush=True)
        if args.state:
            save_state(args.state, {
                "identity": identity, "epoch": epoch, "seconds": time.time() - t0,
                "test_correct": test_correct, "model": model.state_dict(),
                "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
                "torch_rng": torch.get_rng_state(), "augment_rng": gen.get_state(),
                "numpy_rng": rng.bit_generator.state})
    seconds = time.time() - t0

    model.eval()
    if args.checkpoint:
        torch.save(model.state_dict(), args.checkpoint)
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = args.out + ".onnx"
    json_path = args.out + ".json"
    export.export_onnx(model, spec["input_shape"], onnx_path)

    training = {
        "command": command,
        "seconds": round(seconds, 1),
        "epochs": args.epochs,
        "seed": args.seed,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "momentum": args.momentum,
        "weight_decay": args.weight_decay,
        "lr_milestones": milestones,
        "augment": sorted(modes),
        "train_images": int(len(xtr)),
        "torch_version": torch.__version__,
        "threads": args.threads,
    }
    if data_info:
        training["data"] = data_info
    extra = {"parameters": int(nparams), "macs": int(sum(m for _, m in macs))}
    meta = export.metadata(args.arch, spec["input_shape"], mean, std, ds["classes"],
                           args.dataset, test_images=int(len(xte)),
                           test_accuracy=test_correct / len(xte), training=training,
                           extra=extra)
    export.write_json(json_path, meta)
    print("test accuracy %.4f (%d/%d); wrote %s, %s" % (test_correct / len(xte), test_correct,
                                                       len(xte), onnx_path, json_path),
          flush=True)

    # cross-check the exported graph against torch with the numpy ONNX evaluator
    import onnx_numpy
    k = min(200, len(xte))
    ref = model(xte[:k]).detach().numpy()
    got = onnx_numpy.run(onnx_path, xte[:k].numpy())
    print("onnx(numpy) vs torch on %d test images: max |diff| %.3g, top-1 agree %d/%d"
          % (k, float(np.abs(ref - got).max()), int((ref.argmax(1) == got.argmax(1)).sum()), k),
          flush=True)

    if args.subset_out:
        if args.dataset != "fashion-mnist":
            raise SystemExit("--subset-out is for fashion-mnist only")
        import make_subset
        make_subset.make_and_evaluate(args.data, args.subset_out, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
