#!/usr/bin/python3
"""Train one of the networks of models.py and export it as PREFIX.onnx + PREFIX.json.

Example (the committed demo model, see README.md):
  /usr/bin/python3 tools/train/train.py --arch vgg_small28 --dataset fashion-mnist \
      --data /usr/share/datasets/fashion-mnist --epochs 30 --lr 0.05 --batch-size 128 \
      --seed 1 --threads 2 --out runner/src/main/resources/demo/fmnist-vgg \
      --subset-out runner/src/main/resources/demo/fashion-mnist-1000

Training: SGD, momentum 0.9, weight decay 1e-4, step LR schedule (lr/10 at 50 % and
again at 75 % of the epochs; --schedule cosine for a cosine decay), cross-entropy loss.
Inputs are normalised in float32 as (pixel/255 - mean_c)/std_c (see datasets.normalize).

On a GPU (--device cuda) the whole data set lives on the card, augmentation runs there, and
--amp bf16 trains under bfloat16 autocast; --time-budget S fixes the number of epochs after
the first (warm-up) epoch from its measured time, so several trainings can share one
machine for a fixed time; --weights-out writes the trained weights as numpy (.npz) plus
the training record, and --from-weights exports such a result here (ONNX + JSON, accuracy
on this machine's test set), so the ONNX always comes from this machine's exporter.
"""

import argparse
import json
import math
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


def model_options(args):
    return models.Options(batchnorm=args.batchnorm, pool=args.pool, clip=args.clip_levels)


def build_model(args, num_classes):
    kw = {"num_classes": num_classes, "options": model_options(args)}
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
    dev = x.device
    if "crop" in modes and pad > 0:
        xp = F.pad(x, (pad, pad, pad, pad))
        # the random draws stay on the CPU generator, so a GPU run draws the same crops
        ox = torch.randint(0, 2 * pad + 1, (n,), generator=gen).to(dev)
        oy = torch.randint(0, 2 * pad + 1, (n,), generator=gen).to(dev)
        rows = oy[:, None] + torch.arange(h, device=dev)          # n x h
        cols = ox[:, None] + torch.arange(w, device=dev)          # n x w
        idx = torch.arange(n, device=dev)[:, None, None]
        # advanced indices around the channel slice: the result is n x h x w x c
        x = xp[idx, :, rows[:, :, None], cols[:, None, :]].permute(0, 3, 1, 2).contiguous()
    if "flip" in modes:
        flip = (torch.rand(n, generator=gen) < 0.5).to(dev)
        x = torch.where(flip[:, None, None, None], x.flip(3), x)
    return x


def lr_at(args, milestones, epoch, frac):
    """The learning rate in `epoch` (1-based) after `frac` of its batches: a linear warm-up
    from lr/100 over --warmup-epochs, then the step schedule (lr/10 at each milestone) or a
    cosine decay to 0 over the remaining epochs. Epochs in the warm-up do not depend on
    --epochs, which is what lets --time-budget choose it after the first epoch."""
    if epoch <= args.warmup_epochs:
        done = ((epoch - 1) + frac) / args.warmup_epochs
        return args.lr * (0.01 + 0.99 * done)
    if args.schedule == "cosine":
        span = max(1, args.epochs - args.warmup_epochs)
        t = min(1.0, ((epoch - 1 - args.warmup_epochs) + frac) / span)
        return args.lr * 0.5 * (1.0 + math.cos(math.pi * t))
    lr = args.lr
    for m in milestones:
        if m <= epoch - 1:
            lr *= 0.1
    return lr


def step_milestones(epochs):
    return sorted({max(1, int(round(epochs * 0.5))), max(1, int(round(epochs * 0.75)))})


# The options that change what is trained: a state file resumes only a training with the same.
# (--threads, --eval-every, --out and the like change how it runs or what is written, not the
# weights; evaluation draws no random numbers.)
IDENTITY_KEYS = ("arch", "dataset", "epochs", "lr", "batch_size", "momentum", "weight_decay",
                 "seed", "augment", "crop_pad", "cifar_train", "limit_train", "widths", "blocks",
                 "convs_per_block", "fc", "preprocess_layers", "junction_relu", "width_div",
                 "zero_init_residual", "warmup_epochs", "schedule", "batchnorm", "pool",
                 "clip_levels", "clip_decay", "amp", "time_budget")

# The options that build the network: --from-weights rebuilds it from the record with these.
ARCH_KEYS = ("arch", "dataset", "widths", "blocks", "convs_per_block", "fc", "preprocess_layers",
             "junction_relu", "width_div", "zero_init_residual", "batchnorm", "pool", "clip_levels")


def training_identity(args):
    return {k: getattr(args, k) for k in IDENTITY_KEYS}


def save_state(path, state):
    """Writes the training state atomically: a temporary file beside it, then a rename, so a
    training killed while saving leaves the previous epoch's state."""
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


@torch.no_grad()
def evaluate(model, x, y, batch=1000, autocast=None):
    model.eval()
    correct = 0
    for i in range(0, len(x), batch):
        if autocast:
            with autocast():
                logits = model(x[i:i + batch])
        else:
            logits = model(x[i:i + batch])
        correct += int((logits.argmax(1) == y[i:i + batch]).sum())
    return correct


def write_weights(prefix, model, record, dtype):
    """PREFIX.npz (the state_dict as numpy arrays, floats as `dtype`) and PREFIX.train.json
    (the training record: options, command, log, accuracy), each atomically."""
    arrays = {}
    for k, v in model.state_dict().items():
        a = v.detach().float().cpu().numpy() if v.is_floating_point() else v.cpu().numpy()
        arrays[k] = a.astype(dtype) if v.is_floating_point() else a
    tmp = prefix + ".npz.tmp"
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, prefix + ".npz")
    export.write_json(prefix + ".train.json", record)


def read_weights(prefix, model):
    with np.load(prefix + ".npz") as z:
        state = {k: torch.from_numpy(np.array(z[k])) for k in z.files}
    own = model.state_dict()
    missing = sorted(set(own) - set(state))
    extra = sorted(set(state) - set(own))
    if missing or extra:
        raise SystemExit("%s.npz does not fit the network its record describes (missing %s, "
                         "unexpected %s)" % (prefix, missing, extra))
    model.load_state_dict({k: state[k].to(own[k].dtype) for k in own})


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", choices=sorted(models.ARCHS), help="required unless --from-weights")
    ap.add_argument("--dataset", choices=sorted(datasets.DATASETS), help="required unless --from-weights")
    ap.add_argument("--data", required=True, help="folder with the dataset files")
    ap.add_argument("--epochs", type=int, default=30,
                    help="epochs (with --time-budget: at most this many)")
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--schedule", default="step", choices=["step", "cosine"],
                    help="step: lr/10 at 50 %% and 75 %% of the epochs; cosine: cosine decay to 0")
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu", help="cpu or cuda[:N]")
    ap.add_argument("--amp", default="none", choices=["none", "bf16"],
                    help="bf16: bfloat16 autocast (GPU); the weights stay float32")
    ap.add_argument("--time-budget", type=float, default=0,
                    help="seconds of training: after the first epoch (a warm-up epoch, so its lr does "
                         "not depend on the epoch count) --epochs becomes min(--epochs, budget / "
                         "seconds per epoch); needs --warmup-epochs >= 1")
    ap.add_argument("--out", help="output prefix: writes PREFIX.onnx, PREFIX.json")
    ap.add_argument("--weights-out", help="write PREFIX.npz + PREFIX.train.json instead of the ONNX "
                    "(export them later, on another machine, with --from-weights PREFIX)")
    ap.add_argument("--weights-dtype", default="float32", choices=["float32", "float16"],
                    help="float type of --weights-out (float16 halves the file; the export evaluates "
                         "and records the rounded network)")
    ap.add_argument("--from-weights", help="no training: rebuild the network recorded in "
                    "PREFIX.train.json, load PREFIX.npz, evaluate it here and export --out")
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
                    "ResNet-20 without BatchNorm; every other weight keeps the He init); with "
                    "--batchnorm the branch's last BatchNorm scale instead")
    ap.add_argument("--warmup-epochs", type=int, default=0,
                    help="raise the lr linearly from lr/100 over the first N epochs (per batch)")
    ap.add_argument("--batchnorm", action="store_true",
                    help="beyond the paper: a standard net, BatchNorm after every conv and biases in "
                         "the fully connected layers (DeepSNN imports both as currents, SEMANTICS §7)")
    ap.add_argument("--pool", default="avg", choices=["avg", "max"],
                    help="VGGs: average (the paper) or max pooling (gated max pooling in the SNN)")
    ap.add_argument("--clip-levels", type=float, metavar="LAMBDA0",
                    help="beyond the paper: a trainable clip level per layer, started at LAMBDA0 "
                         "(TCL); exported as Clip(0, λ) for DeepSNN's --method clip")
    ap.add_argument("--clip-decay", type=float, default=5e-4,
                    help="L2 penalty on the clip levels (their parameter group's weight decay)")
    ap.add_argument("--subset-out", help="fashion-mnist only: write the first 1,000 test images "
                    "to this folder and record the model's accuracy on them in the JSON")
    ap.add_argument("--checkpoint", help="also save the state_dict here (.pt; not for the repo)")
    ap.add_argument("--state", help="training state file (.pt; not for the repo): written atomically after "
                    "every epoch (weights, optimiser, schedule, random generators, log); when it exists, "
                    "training resumes after its last epoch, with the same result as a run without a stop")
    args = ap.parse_args(argv)
    if args.from_weights:
        with open(args.from_weights + ".train.json") as f:
            record = json.load(f)
        for k in ARCH_KEYS:
            setattr(args, k, record["options"][k])
        args.record = record
    else:
        args.record = None
        for k in ("arch", "dataset"):
            if getattr(args, k) is None:
                ap.error("--%s is required (or --from-weights)" % k)
        if args.time_budget and args.warmup_epochs < 1:
            ap.error("--time-budget needs --warmup-epochs >= 1 (the first epoch's lr must not "
                     "depend on the epoch count it chooses)")
        if args.time_budget and args.state:
            ap.error("--time-budget chooses the epoch count as it runs; it cannot resume a --state")
    if not args.out and not args.weights_out:
        ap.error("give --out (ONNX + JSON) or --weights-out (numpy weights)")
    return args


def main(argv=None):
    args = parse_args(argv)
    command = shlex.join([sys.executable] + (sys.argv if argv is None else ["train.py"] + argv))
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed + 1000)
    rng = np.random.default_rng(args.seed)
    device = torch.device(args.device)
    autocast = None
    if args.amp == "bf16":
        autocast = lambda: torch.autocast(device_type=device.type, dtype=torch.bfloat16)  # noqa: E731

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
        tr_x, tr_y, te_x, te_y, data_info = datasets.load_cifar10(
            args.data, "binary" if args.from_weights else args.cifar_train)
    if args.limit_train:
        tr_x, tr_y = tr_x[:args.limit_train], tr_y[:args.limit_train]
    print("data: %d train, %d test images (%.1f s) %s" % (len(tr_x), len(te_x),
                                                       time.time() - t_load, data_info or ""),
          flush=True)
    mean, std = ds["mean"], ds["std"]
    xtr = torch.from_numpy(datasets.normalize(tr_x, mean, std)).to(device)
    ytr = torch.from_numpy(tr_y.astype(np.int64)).to(device)
    xte = torch.from_numpy(datasets.normalize(te_x, mean, std)).to(device)
    yte = torch.from_numpy(te_y.astype(np.int64)).to(device)

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
    model.to(device)
    if args.from_weights:
        read_weights(args.from_weights, model)
        training = dict(args.record["training"])
        training["exported_by"] = command
        test_correct = evaluate(model, xte, yte)
        log = args.record.get("log", [])
        print("%s: trained %s epochs in %.0f s on %s; here %d/%d test images correct"
              % (args.from_weights, training["epochs"], training["seconds"],
                 training.get("device_name", training.get("device")), test_correct, len(xte)),
              flush=True)
    else:
        test_correct, training, log = train(args, command, model, xtr, ytr, xte, yte, modes, gen,
                                            rng, autocast, device, data_info)
        if args.weights_out:
            options = {k: getattr(args, k) for k in ARCH_KEYS}
            write_weights(args.weights_out, model,
                          {"options": options, "training": training, "log": log,
                           "test_images": int(len(xte)), "test_correct": test_correct,
                           "weights_dtype": args.weights_dtype},
                          np.float16 if args.weights_dtype == "float16" else np.float32)
            print("wrote %s.npz, %s.train.json" % (args.weights_out, args.weights_out), flush=True)
        if not args.out:
            return 0
    model.eval().cpu()
    xte, yte = xte.cpu(), yte.cpu()
    if args.checkpoint:
        torch.save(model.state_dict(), args.checkpoint)
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = args.out + ".onnx"
    json_path = args.out + ".json"
    export.export_onnx(model, spec["input_shape"], onnx_path)

    if data_info:
        training.setdefault("data", data_info)
    extra = {"parameters": int(nparams), "macs": int(sum(m for _, m in macs))}
    options = model_options(args)
    if not options.paper:
        extra["beyond_paper"] = {"batchnorm": args.batchnorm, "pool": args.pool,
                                 "clip_levels": args.clip_levels is not None}
    if args.clip_levels is not None:
        extra["clip_levels"] = [round(float(m.clip_level), 6) for m in model.modules()
                                if isinstance(m, models.ClipReLU)]
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
    with torch.no_grad():
        ref = model(xte[:k]).numpy()
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


def train(args, command, model, xtr, ytr, xte, yte, modes, gen, rng, autocast, device, data_info):
    """The training loop. Returns (test images correct, training record, per-epoch log)."""
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    clip_params = [p for n, p in model.named_parameters() if n.endswith("clip_level")]
    other = [p for n, p in model.named_parameters() if not n.endswith("clip_level")]
    groups = [{"params": other}]
    if clip_params:
        groups.append({"params": clip_params, "weight_decay": args.clip_decay})
    opt = torch.optim.SGD(groups, lr=args.lr, momentum=args.momentum,
                          weight_decay=args.weight_decay)
    milestones = step_milestones(args.epochs)
    print("augment=%s lr=%g schedule=%s%s" % (sorted(modes), args.lr, args.schedule,
          " milestones=%s" % milestones if args.schedule == "step" else ""), flush=True)

    n = len(xtr)
    test_correct = None
    log = []
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
        torch.set_rng_state(st["torch_rng"])
        gen.set_state(st["augment_rng"])
        rng.bit_generator.state = st["numpy_rng"]
        first_epoch, elapsed_before = st["epoch"] + 1, st["seconds"]
        test_correct = st["test_correct"]
        log = st.get("log", [])
        print("resumed from %s after epoch %d (%.0f s of training so far)"
              % (args.state, st["epoch"], elapsed_before), flush=True)
    t0 = time.time() - elapsed_before
    stopped_early = None
    epoch = first_epoch
    while epoch <= args.epochs:
        te = time.time()
        model.train()
        perm = torch.from_numpy(rng.permutation(n)).to(device)
        loss_sum = torch.zeros((), device=device)
        correct = torch.zeros((), dtype=torch.int64, device=device)
        seen = 0
        for i in range(0, n, args.batch_size):
            idx = perm[i:i + args.batch_size]
            xb = augment_batch(xtr[idx], modes, args.crop_pad, gen)
            yb = ytr[idx]
            lr = lr_at(args, milestones, epoch, i / n)
            for g in opt.param_groups:
                g["lr"] = lr
            if autocast:
                with autocast():
                    logits = model(xb)
                    loss = F.cross_entropy(logits.float(), yb)
            else:
                logits = model(xb)
                loss = F.cross_entropy(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_sum += loss.detach() * len(idx)
            correct += (logits.argmax(1) == yb).sum()
            seen += len(idx)
        loss_mean = float(loss_sum) / seen
        if not math.isfinite(loss_mean):
            raise SystemExit("loss diverged at epoch %d; lower --lr" % epoch)
        if args.time_budget and epoch == 1:
            per_epoch = time.time() - t0
            chosen = max(2, min(args.epochs, int(args.time_budget / per_epoch)))
            print("time budget %.0f s, first epoch %.1f s: %d epochs" % (args.time_budget,
                                                                       per_epoch, chosen), flush=True)
            args.epochs = chosen
            milestones = step_milestones(args.epochs)
        entry = {"epoch": epoch, "lr": lr, "loss": round(loss_mean, 5),
                 "train_acc": round(int(correct) / seen, 5)}
        msg = "epoch %3d/%d lr %.4g loss %.4f train_acc %.4f" % (epoch, args.epochs, lr,
                                                                  loss_mean, int(correct) / seen)
        if epoch % args.eval_every == 0 or epoch == args.epochs:
            test_correct = evaluate(model, xte, yte, autocast=autocast)
            msg += " test_acc %.4f" % (test_correct / len(xte))
            entry["test_acc"] = test_correct / len(xte)
        entry["seconds"] = round(time.time() - t0, 1)
        log.append(entry)
        msg += " %.1f s (total %.0f s)" % (time.time() - te, time.time() - t0)
        print(msg, flush=True)
        if args.state:
            save_state(args.state, {
                "identity": identity, "epoch": epoch, "seconds": time.time() - t0,
                "test_correct": test_correct, "model": model.state_dict(),
                "optimizer": opt.state_dict(), "log": log,
                "torch_rng": torch.get_rng_state(), "augment_rng": gen.get_state(),
                "numpy_rng": rng.bit_generator.state})
        if args.time_budget and epoch < args.epochs and time.time() - t0 > 1.15 * args.time_budget:
            # the machine became slower than the first epoch promised: stop here, say so
            stopped_early = epoch
            test_correct = evaluate(model, xte, yte, autocast=autocast)
            print("stopped after epoch %d of %d: past 1.15 x the time budget" % (epoch, args.epochs),
                  flush=True)
            break
        epoch += 1
    seconds = time.time() - t0
    if test_correct is None:
        test_correct = evaluate(model, xte, yte, autocast=autocast)
    training = {
        "command": command,
        "seconds": round(seconds, 1),
        "epochs": args.epochs,
        "seed": args.seed,
        "lr": args.lr,
        "schedule": args.schedule,
        "warmup_epochs": args.warmup_epochs,
        "batch_size": args.batch_size,
        "momentum": args.momentum,
        "weight_decay": args.weight_decay,
        "augment": sorted(modes),
        "train_images": int(len(xtr)),
        "torch_version": torch.__version__,
        "threads": args.threads,
        "device": str(device),
        "amp": args.amp,
    }
    if args.schedule == "step":
        training["lr_milestones"] = milestones
    if args.clip_levels is not None:
        training["clip_decay"] = args.clip_decay
    if device.type == "cuda":
        training["device_name"] = torch.cuda.get_device_name(device)
    if args.time_budget:
        training["time_budget_s"] = args.time_budget
    if stopped_early:
        training["stopped_after_epoch"] = stopped_early
    if data_info:
        training["data"] = data_info
    return test_correct, training, log


if __name__ == "__main__":
    sys.exit(main())
