#!/usr/bin/env bash
# GPU check of leti-model (issue "Real models"), for a machine with an NVIDIA GPU, under 8 minutes:
#  1. the Qwen2- and Llama-3-shaped fixtures (bf16 shards, BPE tokenizer) on CUDA in float16 against
#     the same checkpoints on the CPU in float32 (max abs logit difference per family);
#  2. ten training steps of each fixture on CUDA, the loss falling;
#  3. KV-cached greedy sampling throughput of a 54M-parameter Qwen2-shaped model on CUDA (batch 1,
#     16, 64), and the same model and workload in PyTorch eager on CUDA (llama_benchmark.py).
# Needs: JDK 17, a warm Maven cache or Maven Central, an NVIDIA driver, and a CUDA build of
# libtorch 2.7.1 for DJL 0.36 (no CUDA native jar is served from Maven Central for 0.36):
#   PYTORCH_LIBRARY_PATH=/path/to/libtorch/lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128
# and a python3 with a CUDA torch for step 3's baseline (PYTHON, default python3).
# DJL 0.36's PyTorch layer has no bfloat16: the GPU path computes in float16 with float32 master
# weights and loss scaling (see leti-model Precision); bf16 checkpoints are widened on loading.
# Usage (from the repository root): scripts/gpu-check.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-$(mktemp -d)}
PYTHON=${PYTHON:-python3}
mkdir -p "$WORK"
command -v nvidia-smi >/dev/null || { echo "gpu-check: no nvidia-smi: not a GPU machine" >&2; exit 2; }
[ -n "${PYTORCH_LIBRARY_PATH:-}" ] || { echo "gpu-check: set PYTORCH_LIBRARY_PATH to a CUDA libtorch 2.7.1 (see the header)" >&2; exit 2; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
./mvnw -B -ntp -q -pl leti-model -am install -DskipTests
./mvnw -B -ntp -q -pl leti-model test-compile
./mvnw -B -ntp -q -pl leti-model dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" >/dev/null
cd leti-model
timeout 360 java -Xmx8g -Dai.djl.offline=true -cp "target/test-classes:target/classes:$(cat "$WORK/classpath")" \
  dev.leti.model.benchmark.GpuCheck "$WORK"
(cd src/test/python && LETI_BENCH_DEVICE=cuda timeout 120 "$PYTHON" llama_benchmark.py "$WORK/qwen2-50m" 8 \
  16 256 5 32 128 1,16,64)
