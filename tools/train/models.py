"""Network definitions for DeepSNN (ANN -> SNN conversion after Sengupta et al. 2019,
"Going Deeper in Spiking Neural Networks: VGG and Residual Architectures").

Constraints of the conversion method, enforced by every definition here:
  * no bias anywhere (bias=False on every Conv2d / Linear),
  * no BatchNorm,
  * ReLU activations only,
  * average pooling only (nn.AvgPool2d / global average pooling), never max pooling,
  * dropout is allowed (it is the identity at inference and disappears from the ONNX export).

Initialisation (paper section 7.1, following He et al. 2015):
  * Conv2d weights ~ N(0, sqrt(2/n)) with n = k_h * k_w * C_out, i.e.
    torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')
    (He et al.'s "backward" form n = k^2 * d, the form used by the original ResNet code).
  * Linear weights ~ N(0, sqrt(2/n)) with n = in_features, i.e.
    kaiming_normal_(w, mode='fan_in', nonlinearity='relu').
  This is what `he_init` below does; the mode for convs can be switched with
  he_init(model, conv_mode='fan_in') if ever needed, but all shipped models use 'fan_out'.

Beyond the paper (SEMANTICS §7, issue 16): every architecture also builds as a standard
PyTorch net with `batchnorm=True` (conv without bias + BatchNorm, fully connected layers
with a bias; torch's eval export folds BatchNorm into the conv bias), VGGs with
`pool="max"`, and with `clip=λ0` every hidden ReLU becomes a trainable clip level
(`ClipReLU`, TCL-style: y = min(max(x, 0), λ) with λ learned, exported as ONNX Clip(0, λ)).
`check_constraints` applies to the paper's form only.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

def conv3x3(c_in, c_out, stride=1):
    return nn.Conv2d(c_in, c_out, kernel_size=3, stride=stride, padding=1, bias=False)


class ClipReLU(nn.Module):
    """A ReLU with a trainable clip level λ (TCL, Ho & Chang 2021): y = min(max(x, 0), λ).
    Exported as one ONNX Clip(x, 0, λ) with λ a constant, which DeepSNN imports as an IF
    layer with Λ = λ (`--method clip`). λ's L2 penalty is the weight decay of its own
    parameter group (train.py --clip-decay)."""

    def __init__(self, init):
        super().__init__()
        self.clip_level = nn.Parameter(torch.tensor(float(init)))

    def forward(self, x):
        if torch.onnx.is_in_onnx_export():
            return torch.clamp(x, 0.0, float(self.clip_level))
        return torch.minimum(F.relu(x), self.clip_level)


class Options:
    """How a network's layers are built: the paper's form (the defaults) or a standard
    PyTorch net (batchnorm, max pooling, clip levels)."""

    def __init__(self, batchnorm=False, pool="avg", clip=None):
        if pool not in ("avg", "max"):
            raise ValueError("pool must be avg or max, got %r" % pool)
        self.batchnorm, self.pool, self.clip = batchnorm, pool, clip

    @property
    def paper(self):
        return not self.batchnorm and self.pool == "avg" and self.clip is None

    def act(self, inplace=True):
        return ClipReLU(self.clip) if self.clip is not None else nn.ReLU(inplace=inplace)

    def conv_act(self, c_in, c_out, stride=1):
        """conv3x3 (+ BatchNorm) + activation, as a list of modules."""
        layers = [conv3x3(c_in, c_out, stride)]
        if self.batchnorm:
            layers.append(nn.BatchNorm2d(c_out))
        return layers + [self.act()]

    def linear(self, n_in, n_out):
        return nn.Linear(n_in, n_out, bias=self.batchnorm)

    def pooling(self):
        return nn.AvgPool2d(2) if self.pool == "avg" else nn.MaxPool2d(2)


PAPER = Options()


def he_init(model, conv_mode="fan_out"):
    """He (Kaiming normal) initialisation, see the module docstring."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode=conv_mode, nonlinearity="relu")
        elif isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
    return model


def check_constraints(model, options=PAPER):
    """Raise if a paper-form model violates the conversion constraints."""
    if not options.paper:
        return model
    for name, m in model.named_modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
            raise ValueError("layer %s has a bias" % name)
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d,
                          nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d,
                          nn.AdaptiveMaxPool2d)):
            raise ValueError("layer %s (%s) is not allowed" % (name, type(m).__name__))
    return model


# --------------------------------------------------------------------------------------
# VGG-style networks
# --------------------------------------------------------------------------------------

class VGGSmall28(nn.Module):
    """Small VGG-style network for 1x28x28 inputs (Fashion-MNIST): the demo model.

    conv3x3(1->16,p1) ReLU AvgPool2 -> conv3x3(16->32,p1) ReLU -> conv3x3(32->32,p1) ReLU
    AvgPool2 -> Dropout -> Flatten -> Linear(1568->128) ReLU Dropout -> Linear(128->10).
    """

    def __init__(self, num_classes=10, in_channels=1, widths=(16, 32, 32), hidden=128,
                 dropout_conv=0.25, dropout_fc=0.5, options=PAPER):
        super().__init__()
        c1, c2, c3 = widths
        o = options
        self.features = nn.Sequential(
            *o.conv_act(in_channels, c1), o.pooling(),
            *o.conv_act(c1, c2),
            *o.conv_act(c2, c3), o.pooling(),
        )
        self.classifier = nn.Sequential(
            nn.Dropout(dropout_conv),
            nn.Flatten(),
            o.linear(c3 * 7 * 7, hidden), o.act(),
            nn.Dropout(dropout_fc),
            o.linear(hidden, num_classes),
        )
        he_init(self)

    def forward(self, x):
        return self.classifier(self.features(x))


class VGG(nn.Module):
    """Generic VGG-style network: a list of conv widths with 'A' marking a 2x2 AvgPool,
    then Flatten and fully connected layers (ReLU + Dropout between them).

    Dropout between conv layers (as in the paper's VGG-16, which uses dropout after
    ReLUs) is controlled by dropout_conv (0 disables it)."""

    def __init__(self, cfg, in_channels=3, input_size=32, fc=(512,), num_classes=10,
                 dropout_conv=0.0, dropout_fc=0.5, options=PAPER):
        super().__init__()
        layers = []
        c = in_channels
        size = input_size
        for i, v in enumerate(cfg):
            if v == "A":
                layers.append(options.pooling())
                size //= 2
            else:
                layers += options.conv_act(c, v)
                nxt = cfg[i + 1] if i + 1 < len(cfg) else None
                if dropout_conv > 0 and nxt not in ("A", None):
                    layers.append(nn.Dropout(dropout_conv))
                c = v
        self.features = nn.Sequential(*layers)
        cls = [nn.Flatten()]
        n = c * size * size
        for h in fc:
            cls += [options.linear(n, h), options.act(), nn.Dropout(dropout_fc)]
            n = h
        cls.append(options.linear(n, num_classes))
        self.classifier = nn.Sequential(*cls)
        he_init(self)

    def forward(self, x):
        return self.classifier(self.features(x))


def vgg_small28(num_classes=10, options=PAPER, **kw):
    return check_constraints(VGGSmall28(num_classes=num_classes, options=options, **kw), options)


def vgg_small32(num_classes=10, widths=(16, 32, 64), convs_per_block=2, fc=(128,),
                dropout_conv=0.0, dropout_fc=0.5, options=PAPER):
    """VGG-style net for 3x32x32 (CIFAR-10): 3 blocks of `convs_per_block` 3x3 convs, each
    block followed by AvgPool2 (32->16->8->4), then Flatten -> Dropout-separated FC(s) ->
    Linear(10). Default: 6 convs of 16/16/32/32/64/64 channels, FC 1024->128->10
    (~9.9 M MACs/image, sized for ~1 hour of training on 2 CPU cores)."""
    cfg = []
    for w in widths:
        cfg += [w] * convs_per_block + ["A"]
    return check_constraints(VGG(cfg, in_channels=3, input_size=32, fc=tuple(fc),
                                 num_classes=num_classes, dropout_conv=dropout_conv,
                                 dropout_fc=dropout_fc, options=options), options)


def vgg16(num_classes=10, dropout_conv=0.2, dropout_fc=0.5, width_div=1, fc=None, options=PAPER):
    """The paper's VGG-16 for CIFAR-10: 13 3x3 convs in 5 blocks (64,64 | 128,128 |
    256x3 | 512x3 | 512x3), an AvgPool2 after each block (32->1), then FC 512->4096->4096->10
    with dropout. width_div divides every width (conv channels and the two hidden FC
    layers), keeping the full depth: width_div=4 gives 16,16 | 32,32 | 64x3 | 128x3 | 128x3
    and FC 128->1024->1024->10; width_div=1 is the paper's network. fc replaces the hidden
    FC sizes (e.g. (512, 512))."""
    if width_div < 1 or 64 % width_div:
        raise ValueError("width_div must divide 64 (1, 2, 4, 8, ...), got %r" % width_div)
    w = lambda c: c // width_div  # noqa: E731
    cfg = [w(64), w(64), "A", w(128), w(128), "A", w(256), w(256), w(256), "A",
           w(512), w(512), w(512), "A", w(512), w(512), w(512), "A"]
    hidden = tuple(fc) if fc else (w(4096), w(4096))
    return check_constraints(VGG(cfg, in_channels=3, input_size=32, fc=hidden,
                                 num_classes=num_classes, dropout_conv=dropout_conv,
                                 dropout_fc=dropout_fc, options=options), options)


# --------------------------------------------------------------------------------------
# ResNet-style networks
# --------------------------------------------------------------------------------------

class TypeAShortcut(nn.Module):
    """Parameter-free 'option A' shortcut of He et al. for a shape change:
    stride-2 subsampling x[:, :, ::2, ::2] (if stride 2), then `extra` zero channels
    APPENDED AFTER the real channels."""

    def __init__(self, stride, extra):
        super().__init__()
        self.stride = stride
        self.extra = extra

    def forward(self, x):
        if self.stride == 2:
            x = x[:, :, ::2, ::2]
        elif self.stride != 1:
            raise ValueError("stride must be 1 or 2")
        if self.extra > 0:
            x = F.pad(x, (0, 0, 0, 0, 0, self.extra))
        return x


class BasicBlock(nn.Module):
    """conv3x3-ReLU-conv3x3, Add with the shortcut, then (optionally) ReLU at the junction."""

    def __init__(self, c_in, c_out, stride=1, junction_relu=True, dropout=0.0, options=PAPER):
        super().__init__()
        self.conv1 = conv3x3(c_in, c_out, stride)
        self.bn1 = nn.BatchNorm2d(c_out) if options.batchnorm else nn.Identity()
        self.relu1 = options.act()
        self.drop = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.conv2 = conv3x3(c_out, c_out)
        self.bn2 = nn.BatchNorm2d(c_out) if options.batchnorm else nn.Identity()
        if stride != 1 or c_in != c_out:
            if c_out < c_in:
                raise ValueError("type-A shortcut cannot reduce channels")
            self.shortcut = TypeAShortcut(stride, c_out - c_in)
        else:
            self.shortcut = nn.Identity()
        self.junction_relu = junction_relu
        self.relu2 = options.act(inplace=False)

    def forward(self, x):
        out = self.bn2(self.conv2(self.drop(self.relu1(self.bn1(self.conv1(x))))))
        out = out + self.shortcut(x)
        if self.junction_relu:
            out = self.relu2(out)
        return out


class ResNetSmall(nn.Module):
    """ResNet-style net for 3x32x32 inputs.

    preprocess_layers=2: conv3x3(3->w0) ReLU, conv3x3(w0->w0) ReLU (the paper's plain
    pre-processing layers); preprocess_layers=0: a single conv3x3(3->w0) ReLU instead
    (He et al.'s CIFAR ResNet stem). Then len(widths) stages of `blocks` basic blocks;
    the first block of every stage after the first has stride 2 and a type-A shortcut.
    Then global average pooling (ONNX GlobalAveragePool), Flatten, Linear(w_last->classes).
    """

    def __init__(self, widths=(16, 32, 64), blocks=(3, 3, 3), num_classes=10,
                 preprocess_layers=2, junction_relu=True, in_channels=3, block_dropout=0.0,
                 zero_init_residual=False, options=PAPER):
        super().__init__()
        if preprocess_layers not in (0, 2):
            raise ValueError("preprocess_layers must be 2 or 0")
        if isinstance(blocks, int):
            blocks = (blocks,) * len(widths)
        if len(blocks) != len(widths):
            raise ValueError("blocks and widths must have the same length")
        w0 = widths[0]
        if preprocess_layers == 2:
            self.pre = nn.Sequential(*options.conv_act(in_channels, w0), *options.conv_act(w0, w0))
        else:
            self.pre = nn.Sequential(*options.conv_act(in_channels, w0))
        stages = []
        c = w0
        for s, (w, n) in enumerate(zip(widths, blocks)):
            for b in range(n):
                stride = 2 if (s > 0 and b == 0) else 1
                stages.append(BasicBlock(c, w, stride, junction_relu, block_dropout, options))
                c = w
        self.stages = nn.Sequential(*stages)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = options.linear(c, num_classes)
        he_init(self)
        if zero_init_residual and options.batchnorm:
            # The standard form (Goyal et al. 2017): the last BatchNorm of every branch at zero.
            for m in self.stages:
                nn.init.zeros_(m.bn2.weight)
        elif zero_init_residual:
            # Without BatchNorm, He-initialised residual branches double the variance of the
            # stream at every block (2^9 after ResNet-20's nine), and training dies at once. With
            # the last conv of every branch at zero each unit starts as the identity (Goyal et al.
            # 2017; Fixup, Zhang et al. 2019); every other weight keeps the paper's He init.
            for m in self.stages:
                nn.init.zeros_(m.conv2.weight)

    def forward(self, x):
        x = self.stages(self.pre(x))
        return self.fc(self.flatten(self.pool(x)))


def resnet_small32(num_classes=10, widths=(16, 32, 64), blocks=(1, 1, 1),
                   preprocess_layers=2, junction_relu=True, block_dropout=0.0, zero_init_residual=False,
                   options=PAPER):
    """Default: 2 pre-processing convs (16 ch), one basic block per stage at 16/32/64
    channels (~14.6 M MACs/image, sized for ~1 hour of training on 2 CPU cores)."""
    if options.pool != "avg":
        raise ValueError("the ResNets pool globally by average; --pool max is for the VGGs")
    return check_constraints(ResNetSmall(widths, blocks, num_classes, preprocess_layers,
                                         junction_relu, 3, block_dropout, zero_init_residual,
                                         options), options)


def resnet20(num_classes=10, junction_relu=True, preprocess_layers=2, zero_init_residual=False,
             options=PAPER):
    """The paper's ResNet-20 for CIFAR-10: He et al.'s CIFAR ResNet-20 (3 stages of
    3 basic blocks, 16/32/64 channels, type-A shortcuts, global average pooling, one FC)
    with the single input conv replaced by two plain pre-processing conv+ReLU layers
    (so 2 + 18 convs + 1 FC weight layers)."""
    return resnet_small32(num_classes, (16, 32, 64), (3, 3, 3), preprocess_layers,
                          junction_relu, zero_init_residual=zero_init_residual, options=options)


# --------------------------------------------------------------------------------------

ARCHS = {
    "vgg_small28": {"fn": vgg_small28, "input_shape": [1, 28, 28]},
    "vgg_small32": {"fn": vgg_small32, "input_shape": [3, 32, 32]},
    "resnet_small32": {"fn": resnet_small32, "input_shape": [3, 32, 32]},
    "vgg16": {"fn": vgg16, "input_shape": [3, 32, 32]},
    "resnet20": {"fn": resnet20, "input_shape": [3, 32, 32]},
}


def build(arch, **kw):
    if arch not in ARCHS:
        raise ValueError("unknown arch %s (known: %s)" % (arch, ", ".join(ARCHS)))
    return ARCHS[arch]["fn"](**kw)


def count_macs(model, input_shape):
    """MACs per layer by the convention conv = C_out*H_out*W_out*C_in*k_h*k_w (zero
    padding counted), linear = out*in, everything else 0. Returns [(name, macs)]."""
    rows = []
    hooks = []

    def hook(name):
        def f(m, inp, out):
            if isinstance(m, nn.Conv2d):
                c_out, h, w = out.shape[1:]
                kh, kw = m.kernel_size
                rows.append((name, c_out * h * w * (m.in_channels // m.groups) * kh * kw))
            else:
                rows.append((name, m.out_features * m.in_features))
        return f

    for name, m in model.named_modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            hooks.append(m.register_forward_hook(hook(name)))
    was = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))
    model.train(was)
    for h in hooks:
        h.remove()
    return rows
