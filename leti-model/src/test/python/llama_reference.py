"""Independent reference of the leti-model decoder in PyTorch, for numerical parity tests.

Written from the Hugging Face Llama and Qwen2 equations, not from the Java code: key/value heads
are repeated per query head (repeat_interleave), the causal mask is -inf via masked_fill, RMSNorm
uses rsqrt, q/k/v (and o) biases are added where the checkpoint has them, Llama 3 rope_scaling
rescales the inverse frequencies. Reads a checkpoint directory (config.json + model.safetensors
or the shards named by model.safetensors.index.json, F32/F16/BF16, parsed here by hand) and a
JSON request, computes in float32, writes float32 little-endian logits.

Usage: llama_reference.py CHECKPOINT_DIR REQUEST_JSON OUTPUT_PREFIX
Request: {"tokens": [[...], ...]} and, to also take one AdamW step before the second logits,
"train": {"weights": [[...]], "lr", "weight_decay", "betas", "eps", "max_grad_norm"}.
Writes OUTPUT_PREFIX.before.bin (logits of "tokens") and, with "train", OUTPUT_PREFIX.after.bin.
"""
import json
import math
import struct
import sys

import torch


def read_config(checkpoint):
    with open(checkpoint + "/config.json") as f:
        return json.load(f)


DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        header_length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_length))
        data = f.read()
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        begin, end = meta["data_offsets"]
        stored = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[meta["dtype"]])
        tensors[name] = stored.reshape(meta["shape"]).float().clone()
    return tensors


def read_weights(checkpoint):
    """model.safetensors, or every shard that model.safetensors.index.json names."""
    try:
        with open(checkpoint + "/model.safetensors.index.json") as f:
            shards = sorted(set(json.load(f)["weight_map"].values()))
    except FileNotFoundError:
        shards = ["model.safetensors"]
    weights = {}
    for shard in shards:
        weights.update(read_safetensors(checkpoint + "/" + shard))
    return weights


def inverse_frequencies(config, head_dim):
    """Rotary inverse frequencies; Llama 3's rope_scaling per its published formula."""
    inv_freq = 1.0 / (config["rope_theta"] ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim))
    scaling = config.get("rope_scaling")
    if not scaling:
        return inv_freq
    assert scaling.get("rope_type", scaling.get("type")) == "llama3", scaling
    factor = scaling["factor"]
    low, high = scaling["low_freq_factor"], scaling["high_freq_factor"]
    old_context = scaling["original_max_position_embeddings"]
    wavelen = 2 * math.pi / inv_freq
    scaled = torch.where(wavelen > old_context / low, inv_freq / factor, inv_freq)
    smooth = (old_context / wavelen - low) / (high - low)
    smoothed = (1 - smooth) * scaled / factor + smooth * scaled
    medium = ~(wavelen < old_context / high) & ~(wavelen > old_context / low)
    return torch.where(medium, smoothed, scaled)


class Llama:
    def __init__(self, config, weights):
        self.c = config
        self.w = weights
        self.heads = config["num_attention_heads"]
        self.kv_heads = config.get("num_key_value_heads", self.heads)
        self.head_dim = config["hidden_size"] // self.heads
        self.eps = config["rms_norm_eps"]
        inv_freq = inverse_frequencies(config, self.head_dim)
        angles = torch.outer(torch.arange(config["max_position_embeddings"], dtype=torch.float64), inv_freq)
        angles = torch.cat([angles, angles], dim=-1)
        self.cos = angles.cos().float()
        self.sin = angles.sin().float()

    def norm(self, x, name):
        variance = x.pow(2).mean(-1, keepdim=True)
        return self.w[name] * (x * torch.rsqrt(variance + self.eps))

    @staticmethod
    def rotate_half(x):
        half = x.shape[-1] // 2
        return torch.cat((-x[..., half:], x[..., :half]), dim=-1)

    def attention(self, x, prefix, cache, layer):
        b, t, _ = x.shape
        start = cache.length if cache is not None else 0
        q = self.linear(x, prefix + "q_proj").view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.linear(x, prefix + "k_proj").view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.linear(x, prefix + "v_proj").view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        cos, sin = self.cos[start:start + t], self.sin[start:start + t]
        q = q * cos + self.rotate_half(q) * sin
        k = k * cos + self.rotate_half(k) * sin
        if cache is not None:
            cache.keys[layer][:, :, start:start + t] = k
            cache.values[layer][:, :, start:start + t] = v
            k = cache.keys[layer][:, :, :start + t]
            v = cache.values[layer][:, :, :start + t]
        repeat = self.heads // self.kv_heads
        k = k.repeat_interleave(repeat, dim=1)
        v = v.repeat_interleave(repeat, dim=1)
        scores = (q @ k.transpose(2, 3)) / math.sqrt(self.head_dim)
        if t > 1:
            causal = torch.ones(t, start + t, dtype=torch.bool).triu(start + 1)
            scores = scores.masked_fill(causal, float("-inf"))
        out = torch.softmax(scores, dim=-1) @ v
        out = out.transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
        return self.linear(out, prefix + "o_proj")

    def linear(self, x, name):
        y = x @ self.w[name + ".weight"].T
        return y + self.w[name + ".bias"] if name + ".bias" in self.w else y

    def mlp(self, x, prefix):
        gate = torch.nn.functional.silu(x @ self.w[prefix + "gate_proj.weight"].T)
        up = x @ self.w[prefix + "up_proj.weight"].T
        return (gate * up) @ self.w[prefix + "down_proj.weight"].T

    def __call__(self, tokens, cache=None, last_only=False):
        h = self.w["model.embed_tokens.weight"][tokens]
        for i in range(self.c["num_hidden_layers"]):
            p = "model.layers.%d." % i
            h = h + self.attention(self.norm(h, p + "input_layernorm.weight"), p + "self_attn.", cache, i)
            h = h + self.mlp(self.norm(h, p + "post_attention_layernorm.weight"), p + "mlp.")
        if cache is not None:
            cache.length += tokens.shape[1]
        if last_only:
            h = h[:, -1:]
        h = self.norm(h, "model.norm.weight")
        head = self.w["model.embed_tokens.weight"] if self.c.get("tie_word_embeddings") else self.w["lm_head.weight"]
        return h @ head.T


class KvCache:
    """Keys and values preallocated for a batch, written in place."""

    def __init__(self, model, batch, capacity):
        shape = (batch, model.kv_heads, capacity, model.head_dim)
        layers = model.c["num_hidden_layers"]
        self.keys = [torch.zeros(shape) for _ in range(layers)]
        self.values = [torch.zeros(shape) for _ in range(layers)]
        self.length = 0


def enable_training(model):
    for p in model.w.values():
        p.requires_grad_(True)


def masked_loss(model, tokens, weights):
    """Mean next-token cross-entropy over the target tokens (weights[:, t] for token t, t >= 1)."""
    weights = weights[:, 1:]
    logits = model(tokens[:, :-1])
    nll = -torch.log_softmax(logits, dim=-1).gather(-1, tokens[:, 1:, None]).squeeze(-1)
    return (nll * weights).sum() / weights.sum()


def adamw(model, lr, weight_decay, betas, eps):
    """AdamW with decay on matrices only."""
    matrices = [p for p in model.w.values() if p.dim() >= 2]
    vectors = [p for p in model.w.values() if p.dim() < 2]
    return torch.optim.AdamW(
        [{"params": matrices, "weight_decay": weight_decay}, {"params": vectors, "weight_decay": 0.0}],
        lr=lr, betas=betas, eps=eps)


def train_step(model, optimizer, tokens, weights, max_grad_norm):
    loss = masked_loss(model, tokens, weights)
    loss.backward()
    if max_grad_norm > 0:
        torch.nn.utils.clip_grad_norm_(list(model.w.values()), max_grad_norm)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return loss.item()


def main():
    torch.set_num_threads(1)
    checkpoint, request_file, output = sys.argv[1:4]
    config = read_config(checkpoint)
    with open(request_file) as f:
        request = json.load(f)
    model = Llama(config, read_weights(checkpoint))
    tokens = torch.tensor(request["tokens"], dtype=torch.int64)
    with torch.no_grad():
        model(tokens).numpy().astype("<f4").tofile(output + ".before.bin")
    if "train" in request:
        settings = request["train"]
        enable_training(model)
        optimizer = adamw(model, settings["lr"], settings["weight_decay"], tuple(settings["betas"]), settings["eps"])
        train_step(model, optimizer, tokens, torch.tensor(settings["weights"], dtype=torch.float32),
                   settings["max_grad_norm"])
        with torch.no_grad():
            model(tokens).numpy().astype("<f4").tofile(output + ".after.bin")


if __name__ == "__main__":
    main()
