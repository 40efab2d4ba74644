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


def he_init(model, conv_mode="fan_out"):
    """He (Kaiming normal) initialisation, see the module docstring."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode=conv_mode, nonlinearity="relu")
        elif isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
    return model


def check_constraints(model):
    """Raise if the model violates the conversion constraints."""
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
                 dropout_conv=0.25, dropout_fc=0.5):
        super().__init__()
        c1, c2, c3 = widths
        self.features = nn.Sequential(
            conv3x3(in_channels, c1), nn.ReLU(inplace=True), nn.AvgPool2d(2),
            conv3x3(c1, c2), nn.ReLU(inplace=True),
            conv3x3(c2, c3), nn.ReLU(inplace=True), nn.AvgPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Dropout(dropout_conv),
            nn.Flatten(),
            nn.Linear(c3 * 7 * 7, hidden, bias=False), nn.ReLU(inplace=True),
            nn.Dropout(dropout_fc),
            nn.Linear(hidden, num_classes, bias=False),
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
                 dropout_conv=0.0, dropout_fc=0.5):
        super().__init__()
        layers = []
        c = in_channels
        size = input_size
        for i, v in enumerate(cfg):
            if v == "A":
                layers.append(nn.AvgPool2d(2))
                size //= 2
            else:
                layers += [conv3x3(c, v), nn.ReLU(inplace=True)]
                nxt = cfg[i + 1] if i + 1 < len(cfg) else None
                if dropout_conv > 0 and nxt not in ("A", None):
                    layers.append(nn.Dropout(dropout_conv))
                c = v
        self.features = nn.Sequential(*layers)
        cls = [nn.Flatten()]
        n = c * size * size
        for h in fc:
            cls += [nn.Linear(n, h, bias=False), nn.ReLU(inplace=True), nn.Dropout(dropout_fc)]
            n = h
        cls.append(nn.Linear(n, num_classes, bias=False))
        self.classifier = nn.Sequential(*cls)
        he_init(self)

    def forward(self, x):
        return self.classifier(self.features(x))


def vgg_small28(num_classes=10, **kw):
    return check_constraints(VGGSmall28(num_classes=num_classes, **kw))


def vgg_small32(num_classes=10, widths=(16, 32, 64), convs_per_block=2, fc=(128,),
                dropout_conv=0.0, dropout_fc=0.5):
    """VGG-style net for 3x32x32 (CIFAR-10): 3 blocks of `convs_per_block` 3x3 convs, each
    block followed by AvgPool2 (32->16->8->4), then Flatten -> Dropout-separated FC(s) ->
    Linear(10). Default: 6 convs of 16/16/32/32/64/64 channels, FC 1024->128->10
    (~9.9 M MACs/image, sized for ~1 hour of training on 2 CPU cores)."""
    cfg = []
    for w in widths:
        cfg += [w] * convs_per_block + ["A"]
    return check_constraints(VGG(cfg, in_channels=3, input_size=32, fc=tuple(fc),
                                 num_classes=num_classes, dropout_conv=dropout_conv,
                                 dropout_fc=dropout_fc))


def vgg16(num_classes=10, dropout_conv=0.2, dropout_fc=0.5, width_div=1, fc=None):
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
                                 dropout_fc=dropout_fc))


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

    def __init__(self, c_in, c_out, stride=1, junction_relu=True, dropout=0.0):
        super().__init__()
        self.conv1 = conv3x3(c_in, c_out, stride)
        self.relu1 = nn.ReLU(inplace=True)
        self.drop = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.conv2 = conv3x3(c_out, c_out)
        if stride != 1 or c_in != c_out:
            if c_out < c_in:
                raise ValueError("type-A shortcut cannot reduce channels")
            self.shortcut = TypeAShortcut(stride, c_out - c_in)
        else:
            self.shortcut = nn.Identity()
        self.junction_relu = junction_relu
        self.relu2 = nn.ReLU(inplace=False)

    def forward(self, x):
        out = self.conv2(self.drop(self.relu1(self.conv1(x))))
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
                 zero_init_residual=False):
        super().__init__()
        if preprocess_layers not in (0, 2):
            raise ValueError("preprocess_layers must be 2 or 0")
        if isinstance(blocks, int):
            blocks = (blocks,) * len(widths)
        if len(blocks) != len(widths):
            raise ValueError("blocks and widths must have the same length")
        w0 = widths[0]
        if preprocess_layers == 2:
            self.pre = nn.Sequential(conv3x3(in_channels, w0), nn.ReLU(inplace=True),
                                     conv3x3(w0, w0), nn.ReLU(inplace=True))
        else:
            self.pre = nn.Sequential(conv3x3(in_channels, w0), nn.ReLU(inplace=True))
        stages = []
        c = w0
        for s, (w, n) in enumerate(zip(widths, blocks)):
            for b in range(n):
                stride = 2 if (s > 0 and b == 0) else 1
                stages.append(BasicBlock(c, w, stride, junction_relu, block_dropout))
                c = w
        self.stages = nn.Sequential(*stages)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(c, num_classes, bias=False)
        he_init(self)
        if zero_init_residual:
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
                   preprocess_layers=2, junction_relu=True, block_dropout=0.0, zero_init_residual=False):
    """Default: 2 pre-processing convs (16 ch), one basic block per stage at 16/32/64
    channels (~14.6 M MACs/image, sized for ~1 hour of training on 2 CPU cores)."""
    return check_constraints(ResNetSmall(widths, blocks, num_classes, preprocess_layers,
                                         junction_relu, 3, block_dropout, zero_init_residual))


def resnet20(num_classes=10, junction_relu=True, preprocess_layers=2, zero_init_residual=False):
    """The paper's ResNet-20 for CIFAR-10: He et al.'s CIFAR ResNet-20 (3 stages of
    3 basic blocks, 16/32/64 channels, type-A shortcuts, global average pooling, one FC)
    with the single input conv replaced by two plain pre-processing conv+ReLU layers
    (so 2 + 18 convs + 1 FC weight layers)."""
    return resnet_small32(num_classes, (16, 32, 64), (3, 3, 3), preprocess_layers,
                          junction_relu, zero_init_residual=zero_init_residual)


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
