"""PyTorch eager baseline for the leti-model benchmark (docs/benchmarks.md).

Runs, on the checkpoint the Java benchmark wrote, the same workloads: AdamW training steps on
random token batches, and greedy KV-cached generation of the same prompts at several batch
sizes (so both sides generate exactly the same tokens). Prints one JSON object.

Usage: llama_benchmark.py CHECKPOINT_DIR THREADS TRAIN_BATCH TRAIN_LENGTH TRAIN_STEPS PROMPT_LENGTH NEW_TOKENS BATCHES
LETI_BENCH_DEVICE (environment): cpu (default) or cuda, where the model runs (scripts/gpu-check.sh).
"""
import os
import json
import resource
import sys
import time

import torch

from llama_reference import KvCache, Llama, adamw, enable_training, read_config, read_weights, train_step

END_OF_TEXT = 256
PAD = 261
WARM_UP_STEPS = 2
# Sampling: untimed batch-1 runs first, then the median of timed runs per batch size (as ModelBenchmark).
SAMPLING_WARM_UP_ROUNDS = 10
SAMPLING_TIMED_ROUNDS = 5
DEVICE = os.environ.get("LETI_BENCH_DEVICE", "cpu")


def prompt(row, length):
    """The benchmark's prompts, defined identically in ModelBenchmark.java."""
    return [32 + (row * 7 + j * 13) % 95 for j in range(length)]


def training(model, batch, length, steps):
    enable_training(model)
    optimizer = adamw(model, 1e-3, 0.01, (0.9, 0.95), 1e-8)
    generator = torch.Generator(device=DEVICE).manual_seed(0)
    weights = torch.ones(batch, length)
    weights[:, 0] = 0
    elapsed, tokens = 0.0, 0
    for step in range(WARM_UP_STEPS + steps):
        tokens_batch = torch.randint(0, 256, (batch, length), generator=generator)
        started = time.perf_counter()
        train_step(model, optimizer, tokens_batch, weights, 1.0)
        if step >= WARM_UP_STEPS:
            elapsed += time.perf_counter() - started
            tokens += batch * (length - 1)
    for p in model.w.values():
        p.requires_grad_(False)
    return tokens / elapsed


@torch.no_grad()
def generate(model, batch, prompt_length, new_tokens):
    """Greedy decoding with a preallocated cache; a row stops counting at its end-of-text token."""
    tokens = torch.tensor([prompt(row, prompt_length) for row in range(batch)])
    cache = KvCache(model, batch, prompt_length + new_tokens)
    logits = model(tokens, cache, last_only=True)
    finished = torch.zeros(batch, dtype=torch.bool)
    generated = 0
    for _ in range(new_tokens):
        scores = logits[:, -1, :END_OF_TEXT + 6].clone()
        scores[:, PAD] = float("-inf")
        next_tokens = scores.argmax(-1)
        generated += int((~finished).sum())
        finished |= next_tokens == END_OF_TEXT
        if bool(finished.all()):
            break
        logits = model(next_tokens[:, None], cache, last_only=True)
    return generated


def main():
    checkpoint = sys.argv[1]
    threads, train_batch, train_length, train_steps, prompt_length, new_tokens = map(int, sys.argv[2:8])
    batches = [int(b) for b in sys.argv[8].split(",")]
    torch.set_num_threads(threads)
    if DEVICE != "cpu":
        torch.set_default_device(DEVICE)
    started = time.perf_counter()
    model = Llama(read_config(checkpoint), {name: w.to(DEVICE) for name, w in read_weights(checkpoint).items()})
    result = {"engine": "PyTorch %s eager (Python, %s)" % (torch.__version__, DEVICE), "threads": torch.get_num_threads(),
              "load_seconds": time.perf_counter() - started,
              "peak_rss_after_load_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    for _ in range(SAMPLING_WARM_UP_ROUNDS):
        generate(model, 1, prompt_length, new_tokens)  # same warm-up as the Java side
    for batch in batches:
        rates = []
        for _ in range(SAMPLING_TIMED_ROUNDS):
            started = time.perf_counter()
            tokens = generate(model, batch, prompt_length, new_tokens)
            rates.append(tokens / (time.perf_counter() - started))
        result["sampling_batch_%d" % batch] = sorted(rates)[len(rates) // 2]
        result["sampled_tokens_batch_%d" % batch] = tokens
    result["peak_rss_sampling_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["training_tokens_per_second"] = training(model, train_batch, train_length, train_steps)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
