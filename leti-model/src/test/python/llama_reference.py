"""Independent reference of the leti-model decoder in PyTorch, for numerical parity tests.

Written from the Hugging Face Llama equations, not from the Java code: key/value heads are
repeated per query head (repeat_interleave), the causal mask is -inf via masked_fill, RMSNorm
uses rsqrt. Reads a checkpoint directory (config.json + model.safetensors, parsed here by hand)
and a JSON request, writes float32 little-endian logits.

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

torch.set_num_threads(1)


def read_safetensors(path):
    with open(path, "rb") as f:
        header_length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_length))
        data = f.read()
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        assert meta["dtype"] == "F32", meta
        begin, end = meta["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(meta["shape"]).clone()
    return tensors


class Llama:
    def __init__(self, config, weights):
        self.c = config
        self.w = weights
        self.heads = config["num_attention_heads"]
        self.kv_heads = config.get("num_key_value_heads", self.heads)
        self.head_dim = config["hidden_size"] // self.heads
        self.eps = config["rms_norm_eps"]
        inv_freq = 1.0 / (config["rope_theta"] ** (torch.arange(0, self.head_dim, 2, dtype=torch.float64) / self.head_dim))
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

    def attention(self, x, prefix):
        b, t, _ = x.shape
        q = (x @ self.w[prefix + "q_proj.weight"].T).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = (x @ self.w[prefix + "k_proj.weight"].T).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = (x @ self.w[prefix + "v_proj.weight"].T).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        cos, sin = self.cos[:t], self.sin[:t]
        q = q * cos + self.rotate_half(q) * sin
        k = k * cos + self.rotate_half(k) * sin
        repeat = self.heads // self.kv_heads
        k = k.repeat_interleave(repeat, dim=1)
        v = v.repeat_interleave(repeat, dim=1)
        scores = (q @ k.transpose(2, 3)) / math.sqrt(self.head_dim)
        causal = torch.ones(t, t, dtype=torch.bool).triu(1)
        scores = scores.masked_fill(causal, float("-inf"))
        out = torch.softmax(scores, dim=-1) @ v
        out = out.transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
        return out @ self.w[prefix + "o_proj.weight"].T

    def mlp(self, x, prefix):
        gate = torch.nn.functional.silu(x @ self.w[prefix + "gate_proj.weight"].T)
        up = x @ self.w[prefix + "up_proj.weight"].T
        return (gate * up) @ self.w[prefix + "down_proj.weight"].T

    def __call__(self, tokens):
        h = self.w["model.embed_tokens.weight"][tokens]
        for i in range(self.c["num_hidden_layers"]):
            p = "model.layers.%d." % i
            h = h + self.attention(self.norm(h, p + "input_layernorm.weight"), p + "self_attn.")
            h = h + self.mlp(self.norm(h, p + "post_attention_layernorm.weight"), p + "mlp.")
        h = self.norm(h, "model.norm.weight")
        head = self.w["model.embed_tokens.weight"] if self.c.get("tie_word_embeddings") else self.w["lm_head.weight"]
        return h @ head.T


def train_step(model, tokens, settings):
    params = list(model.w.values())
    for p in params:
        p.requires_grad_(True)
    weights = torch.tensor(settings["weights"], dtype=torch.float32)[:, 1:]
    logits = model(tokens[:, :-1])
    nll = -torch.log_softmax(logits, dim=-1).gather(-1, tokens[:, 1:, None]).squeeze(-1)
    loss = (nll * weights).sum() / weights.sum()
    loss.backward()
    if settings["max_grad_norm"] > 0:
        torch.nn.utils.clip_grad_norm_(params, settings["max_grad_norm"])
    matrices = [p for p in params if p.dim() >= 2]
    vectors = [p for p in params if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": matrices, "weight_decay": settings["weight_decay"]}, {"params": vectors, "weight_decay": 0.0}],
        lr=settings["lr"], betas=tuple(settings["betas"]), eps=settings["eps"])
    optimizer.step()
    for p in params:
        p.requires_grad_(False)


def main():
    checkpoint, request_file, output = sys.argv[1:4]
    with open(checkpoint + "/config.json") as f:
        config = json.load(f)
    with open(request_file) as f:
        request = json.load(f)
    model = Llama(config, read_safetensors(checkpoint + "/model.safetensors"))
    tokens = torch.tensor(request["tokens"], dtype=torch.int64)
    with torch.no_grad():
        model(tokens).numpy().astype("<f4").tofile(output + ".before.bin")
    if "train" in request:
        train_step(model, tokens, request["train"])
        with torch.no_grad():
            model(tokens).numpy().astype("<f4").tofile(output + ".after.bin")


if __name__ == "__main__":
    main()
