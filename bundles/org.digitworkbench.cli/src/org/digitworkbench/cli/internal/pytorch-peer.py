"""The PyTorch peer of `digits-workbench benchmark --peer`: the same recipe as `digits-workbench train`, in PyTorch's
best CPU loop (the whole training set pre-loaded as one normalised tensor, a permutation and slices per epoch,
torch.optim.Adam(fused=True)), doing what the product's train command does: evaluate the test set after every epoch,
save the weights at the end. Mixed precision is torch.autocast's bfloat16 on the CPU. Then it times evaluations of
the 10k test images as the product's evaluation does them (probabilities of every image, same batch sizes). Prints
one JSON line on stdout; progress goes to stderr.

    python3 pytorch-peer.py --data MNIST_DIR --arch mlp --epochs 5 [--batch-size 64] [--lr 0.001]
                            [--schedule cosine|constant|one-cycle] [--betas 0.9,0.999] [--seed 42]
                            [--precision float32|mixed-bfloat16] [--evaluations N] [--out FILE.pth]
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

started = time.perf_counter()
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

MEAN, STD = 0.1307, 0.3081


def idx(folder, name):
    """An IDX file (or its .gz) as a numpy array of unsigned bytes."""
    path = os.path.join(folder, name)
    opener = open
    if not os.path.exists(path):
        path, opener = path + ".gz", gzip.open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def images(folder, prefix):
    x = torch.from_numpy(idx(folder, prefix + "-images-idx3-ubyte").astype(np.float32))
    x = (x.div_(255).sub_(MEAN).div_(STD)).reshape(-1, 784)
    y = torch.from_numpy(idx(folder, prefix + "-labels-idx1-ubyte").astype(np.int64))
    return x, y


def network(arch):
    if arch == "mlp":  # the seed's DigitRecognizer
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 256),
                             nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    if arch == "cnn":  # the product's cnn, layer for layer
        return nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                             nn.Conv2d(1, 32, 5, padding=2), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 5, padding=2), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Dropout(0.25), nn.Linear(256, 10))
    raise SystemExit("unknown --arch " + arch)


def rate(schedule, step, total):
    """The product's schedules (TrainingOptions.Schedule), as a factor of the base rate."""
    progress = min(1.0, max(0.0, step / total))
    if schedule == "constant":
        return 1.0
    if schedule == "cosine":
        return 0.5 * (1 + math.cos(math.pi * progress))
    start, warm_up = 1 / 25, 0.3
    end = start / 1e4

    def between(a, b, t):
        return b + (a - b) * 0.5 * (1 + math.cos(math.pi * t))
    return between(start, 1, progress / warm_up) if progress < warm_up else between(1, end, (progress - warm_up) / (1 - warm_up))


def evaluate(model, test_x, arch):
    """Milliseconds for the probabilities of all test images, in the product's batches (1000 flat, 250 images)."""
    batch = 1000 if arch == "mlp" else 250
    model.eval()
    started = time.perf_counter()
    with torch.no_grad():
        probabilities = np.concatenate([model(test_x[i:i + batch]).softmax(1).numpy()
                                        for i in range(0, len(test_x), batch)])
    assert probabilities.shape == (len(test_x), 10)
    return 1000 * (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--arch", default="mlp")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--schedule", default="cosine")
    parser.add_argument("--betas", default="0.9,0.999")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--precision", default="float32", choices=["float32", "mixed-bfloat16"])
    parser.add_argument("--evaluations", type=int, default=0)
    parser.add_argument("--out")
    a = parser.parse_args()
    torch.manual_seed(a.seed)
    x, y = images(a.data, "train")
    test_x, test_y = images(a.data, "t10k")
    model = network(a.arch)
    betas = tuple(float(b) for b in a.betas.split(","))
    optimizer = torch.optim.Adam(model.parameters(), lr=a.lr, betas=betas, fused=True)
    batches = (len(x) + a.batch_size - 1) // a.batch_size
    total = a.epochs * batches
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: rate(a.schedule, step, total))
    loss_function = nn.CrossEntropyLoss()
    mixed = a.precision == "mixed-bfloat16"
    epoch_seconds, accuracy = [], float("nan")
    training_started = time.perf_counter()
    for epoch in range(1, a.epochs + 1):
        epoch_started = time.perf_counter()
        model.train()
        order = torch.randperm(len(x))
        for b in range(batches):
            rows = order[b * a.batch_size:(b + 1) * a.batch_size]
            optimizer.zero_grad()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=mixed):
                logits = model(x[rows])
            loss = loss_function(logits.float(), y[rows])
            loss.backward()
            optimizer.step()
            scheduler.step()
        model.eval()
        with torch.no_grad():
            correct = sum((model(test_x[i:i + 1000]).argmax(1) == test_y[i:i + 1000]).sum().item()
                          for i in range(0, len(test_x), 1000))
        accuracy = correct / len(test_x)
        epoch_seconds.append(time.perf_counter() - epoch_started)
        print(f"Epoch {epoch}/{a.epochs}: test accuracy {100 * accuracy:.2f} % ({epoch_seconds[-1]:.1f} s)",
              file=sys.stderr, flush=True)
    training_seconds = time.perf_counter() - training_started
    evaluation_millis = None
    if a.evaluations > 0:  # one warm-up, then the median
        timed = [evaluate(model, test_x, a.arch) for _ in range(1 + a.evaluations)][1:]
        evaluation_millis = sorted(timed)[len(timed) // 2]
    if a.out:
        torch.save(model.state_dict(), a.out)
    peak = None
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "arch": a.arch,
                      "epochs": a.epochs, "epochSeconds": epoch_seconds, "trainingSeconds": training_seconds,
                      "testAccuracy": accuracy, "evaluationMillis": evaluation_millis, "peakResidentMb": peak,
                      "processSeconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
