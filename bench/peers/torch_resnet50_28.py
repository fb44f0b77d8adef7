#!/usr/bin/python3
"""Peer baseline: PyTorch (Debian python3-torch, CPU) training throughput of the
MedMNIST-style ResNet-50 for 28x28 inputs (3x3 stride-1 stem, no max-pool,
bottleneck stages [3,4,6,3]); the same network the project's examples/resnet50.qnet
must describe. Prints images/s for forward+backward+Adam steps.
usage: torch_resnet50_28.py [batch] [steps] [in_channels] [classes] [threads]

qnet's copy (bench/peers/, run by bench/run): the network above is unchanged from
shared/peers/torch_resnet50_28.py. Added for bench/run, which pairs one process of this script
with one process of qnet's StepBench per measurement:
  --mode train|infer   training steps (forward + cross-entropy + backward + Adam, lr 1e-3 as
                       examples/resnet50.qnet) or inference (eval mode under torch.no_grad, on the
                       fresh model, as qnet's StepBench times it) at the positional batch size
  --threads N          torch.set_num_threads (same as the positional threads)
  --warmup-steps N --warmup-seconds S --steps N --seconds S
                       untimed steps (at least N and S seconds of them), then timed steps (at least
                       N and S seconds): the rule qnet's StepPlan applies to its side of the pair
  --json               one machine-readable line with every step's milliseconds
  --bf16               the mixed-precision peer of qnet's `precision bf16`: the model and batch in
                       channels-last memory, forward and loss under
                       torch.autocast("cpu", dtype=torch.bfloat16) (fp32 master weights, Adam state)"""
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

def timed(step, warmup_steps, warmup_seconds, steps, seconds):
    """Untimed calls (at least warmup_steps and warmup_seconds), then timed calls (at least steps
    and seconds); milliseconds of each, warm-up and timed."""
    warm, t0 = [], time.perf_counter()
    while len(warm) < warmup_steps or time.perf_counter() - t0 < warmup_seconds:
        t = time.perf_counter(); step(); warm.append((time.perf_counter() - t) * 1000)
    ms, t0 = [], time.perf_counter()
    while len(ms) < steps or time.perf_counter() - t0 < seconds:
        t = time.perf_counter(); step(); ms.append((time.perf_counter() - t) * 1000)
    return warm, ms


if __name__ == "__main__":
    import argparse, json
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("batch", nargs="?", type=int, default=32)
    ap.add_argument("pos_steps", nargs="?", type=int, default=5, metavar="steps")
    ap.add_argument("in_channels", nargs="?", type=int, default=1)
    ap.add_argument("classes", nargs="?", type=int, default=2)
    ap.add_argument("pos_threads", nargs="?", type=int, default=2, metavar="threads")
    ap.add_argument("--mode", choices=["train", "infer"], default="train")
    ap.add_argument("--threads", type=int)
    ap.add_argument("--warmup-steps", type=int, default=1)
    ap.add_argument("--warmup-seconds", type=float, default=0)
    ap.add_argument("--steps", type=int)
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--bf16", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads or a.pos_threads)
    steps = a.steps or a.pos_steps
    batch, cin, classes = a.batch, a.in_channels, a.classes
    torch.manual_seed(0)
    m = ResNet50(cin, classes)
    params = sum(p.numel() for p in m.parameters())
    print(f"params {params}")
    x = torch.randn(batch, cin, 28, 28); y = torch.randint(0, classes, (batch,))
    if a.bf16:
        m = m.to(memory_format=torch.channels_last); x = x.contiguous(memory_format=torch.channels_last)
    autocast = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if a.bf16 else None
    out = {"impl": "torch", "version": torch.__version__, "threads": torch.get_num_threads(), "params": params,
           "mode": a.mode, "batch": batch, "precision": "bf16" if a.bf16 else "fp32"}
    if a.mode == "infer":
        m.eval()
        def step():
            with torch.no_grad():
                if autocast:
                    with autocast(): m(x).float().softmax(1)[0, 0].item()
                else:
                    m(x).softmax(1)[0, 0].item()
    else:
        opt = torch.optim.Adam(m.parameters(), 1e-3)
        losses = []
        def step():
            opt.zero_grad()
            if autocast:
                with autocast(): loss = F.cross_entropy(m(x).float(), y)
            else:
                loss = F.cross_entropy(m(x), y)
            loss.backward(); opt.step(); losses.append(float(loss))
    warm, ms = timed(step, a.warmup_steps, a.warmup_seconds, steps, a.seconds)
    out["warmup_ms"] = [round(v, 2) for v in warm]
    out["ms"] = [round(v, 2) for v in ms]
    if a.mode == "train":
        out["optimizer"], out["lr"], out["loss_first"], out["loss_last"] = "adam", 1e-3, losses[0], losses[-1]
    med = sorted(ms)[len(ms) // 2]
    print(f"torch {torch.__version__} threads {torch.get_num_threads()} {a.mode} batch {batch} steps {len(ms)}: "
          f"{batch * 1000 / med:.1f} images/s ({med:.0f} ms/step median, {min(ms):.0f} min)")
    if a.json:
        print(json.dumps(out))
