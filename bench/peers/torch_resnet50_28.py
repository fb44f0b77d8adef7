#!/usr/bin/python3
"""Peer baseline: PyTorch (Debian python3-torch, CPU) training throughput of the
MedMNIST-style ResNet-50 for 28x28 inputs (3x3 stride-1 stem, no max-pool,
bottleneck stages [3,4,6,3]); the same network the project's examples/resnet50.qnet
must describe. Prints images/s for forward+backward+Adam steps.
usage: torch_resnet50_28.py [batch] [steps] [in_channels] [classes] [threads]

qnet's copy (bench/peers/, run by bench/run): the network above is unchanged from
shared/peers/torch_resnet50_28.py. Added: --train-batches B1,B2 (several training batch sizes in
one process, default: the positional batch), --infer N (inference images/s at batch N in eval mode
under torch.no_grad, measured first on the fresh model as qnet's ResNetBench does; 0 = skip), and
--json (one machine-readable line: per-step milliseconds, min, median, images/s from the median)."""
import sys, time, torch, torch.nn as nn, torch.nn.functional as F

class Bottleneck(nn.Module):
    expansion = 4
    def __init__(self, cin, width, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, width, 1, bias=False); self.b1 = nn.BatchNorm2d(width)
        self.c2 = nn.Conv2d(width, width, 3, stride, 1, bias=False); self.b2 = nn.BatchNorm2d(width)
        self.c3 = nn.Conv2d(width, width * 4, 1, bias=False); self.b3 = nn.BatchNorm2d(width * 4)
        self.short = nn.Sequential()
        if stride != 1 or cin != width * 4:
            self.short = nn.Sequential(nn.Conv2d(cin, width * 4, 1, stride, bias=False), nn.BatchNorm2d(width * 4))
    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = F.relu(self.b2(self.c2(y)))
        y = self.b3(self.c3(y))
        return F.relu(y + self.short(x))

class ResNet50(nn.Module):
    def __init__(self, cin=1, classes=2):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, 64, 3, 1, 1, bias=False); self.bn1 = nn.BatchNorm2d(64)
        layers, c = [], 64
        for width, n, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
            for i in range(n):
                layers.append(Bottleneck(c, width, stride if i == 0 else 1)); c = width * 4
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(2048, classes)
    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layers(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))

def timed(step, steps):
    """One warm-up call, then `steps` timed calls; milliseconds per call."""
    step()
    ms = []
    for _ in range(steps):
        t = time.perf_counter(); step(); ms.append((time.perf_counter() - t) * 1000)
    return ms


def summary(batch, ms):
    s = sorted(ms); med = s[len(s) // 2]
    return {"batch": batch, "ms": [round(v, 1) for v in ms], "min_ms": round(s[0], 1),
            "median_ms": round(med, 1), "images_per_s": round(batch * 1000 / med, 2)}


if __name__ == "__main__":
    import json
    opts, pos, argv = {}, [], sys.argv[1:]
    while argv:
        a = argv.pop(0)
        if a == "--json": opts["json"] = True
        elif a in ("--infer", "--train-batches"): opts[a] = argv.pop(0)
        else: pos.append(a)
    batch = int(pos[0]) if len(pos) > 0 else 32
    steps = int(pos[1]) if len(pos) > 1 else 5
    cin = int(pos[2]) if len(pos) > 2 else 1
    classes = int(pos[3]) if len(pos) > 3 else 2
    torch.set_num_threads(int(pos[4]) if len(pos) > 4 else 2)
    batches = [int(b) for b in opts.get("--train-batches", str(batch)).split(",")]
    infer = int(opts.get("--infer", "0"))
    torch.manual_seed(0)
    m = ResNet50(cin, classes)
    params = sum(p.numel() for p in m.parameters())
    print(f"params {params}")
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "params": params, "steps": steps}
    if infer > 0:
        xi = torch.randn(infer, cin, 28, 28)
        m.eval()
        def infer_step():
            with torch.no_grad(): m(xi).sum().item()
        r = summary(infer, timed(infer_step, steps)); out["infer"] = r
        print(f"torch {torch.__version__} threads {torch.get_num_threads()} inference batch {infer} steps {steps}: {r['images_per_s']:.1f} images/s (median {r['median_ms']:.0f} ms/step)")
        m.train()
    opt = torch.optim.Adam(m.parameters(), 1e-3)
    out["train"] = []
    for batch in batches:
        x = torch.randn(batch, cin, 28, 28); y = torch.randint(0, classes, (batch,))
        def step():
            opt.zero_grad(); loss = F.cross_entropy(m(x), y); loss.backward(); opt.step()
        r = summary(batch, timed(step, steps)); out["train"].append(r)
        print(f"torch {torch.__version__} threads {torch.get_num_threads()} batch {batch} steps {steps}: {r['images_per_s']:.1f} images/s ({r['median_ms']:.0f} ms/step median, {r['min_ms']:.0f} min)")
    if opts.get("json"):
        print(json.dumps(out))
