#!/usr/bin/env bash
# leti-model benchmark: the Java model (DJL / PyTorch 2.7.1) and the same architecture in
# PyTorch eager (Debian python3-torch), same weights, same workloads, one after the other.
# Usage (from the repository root): leti-model/src/test/bench/run-benchmark.sh [THREADS] [ALLOCATOR]
#   ALLOCATOR: glibc (default) or jemalloc (Debian libjemalloc2, preloaded with
#   MALLOC_CONF=oversize_threshold:0), the C allocator of BOTH processes, with MALLOC_ARENA_MAX
#   (environment, default 1 as the services run) for both; JAVA_OPTS (environment)
#   sets the Java side's JVM options, by default those leti-local gives the generator and trainer
#   (ServiceProcesses.MODEL_SERVICE_JVM_OPTIONS; JAVA_OPTS= runs with the JVM's defaults).
#   BENCH_MODEL (environment): tiny (default, the built-in architecture) or qwen2-50m (Qwen2 layout,
#   54M parameters, bf16 checkpoint; give it JAVA_OPTS with a larger -Xmx). ROUNDS (environment,
#   default 1): alternations of the two sides, each round's ratio and their median reported.
#   TRAIN_BATCH, TRAIN_LENGTH, TRAIN_STEPS, PROMPT_LENGTH, NEW_TOKENS, BATCHES: the workloads.
set -euo pipefail
cd "$(dirname "$0")/../../.."
THREADS=${1:-2}
ALLOCATOR=${2:-glibc}
case "$ALLOCATOR" in
  glibc) MALLOC_ENV=() ;;
  jemalloc) MALLOC_ENV=(LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=oversize_threshold:0)
    [ -f /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 ] || { echo "install libjemalloc2 first" >&2; exit 2; } ;;
  *) echo "ALLOCATOR must be glibc or jemalloc" >&2; exit 2 ;;
esac
JAVA_OPTS=${JAVA_OPTS--XX:+UseSerialGC -Xms32m -Xmx1g}
BENCH_MODEL=${BENCH_MODEL:-tiny}
# One glibc malloc arena, as the generator and trainer run (their images and leti-local set it), for
# both processes; MALLOC_ARENA_MAX= (empty) gives glibc's default arenas.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-1}
[ -n "$MALLOC_ARENA_MAX" ] || unset MALLOC_ARENA_MAX
# The workloads; each can be set in the environment (e.g. BATCHES=1,16 NEW_TOKENS=64 for the 54M model).
TRAIN_BATCH=${TRAIN_BATCH:-16} TRAIN_LENGTH=${TRAIN_LENGTH:-256} TRAIN_STEPS=${TRAIN_STEPS:-5}
PROMPT_LENGTH=${PROMPT_LENGTH:-32} NEW_TOKENS=${NEW_TOKENS:-128} BATCHES=${BATCHES:-1,16,64}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

../mvnw -q test-compile
../mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath" >/dev/null
echo "allocator: $ALLOCATOR; MALLOC_ARENA_MAX: ${MALLOC_ARENA_MAX:-(glibc default)}; JAVA_OPTS: ${JAVA_OPTS:-(none)}; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java_side() {  # $1: the phase (write: the checkpoint; run: the workloads), $2: the results file
  env "${MALLOC_ENV[@]}" OMP_NUM_THREADS=$THREADS DJL_OFFLINE=true OPT_OUT_TRACKING=true \
    java $JAVA_OPTS -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
    -Dleti.bench.model="$BENCH_MODEL" -Dleti.bench.phase="$1" \
    -cp "target/test-classes:target/classes:$(cat "$WORK/classpath")" dev.leti.model.benchmark.ModelBenchmark \
    "$WORK/checkpoint" "$2" $TRAIN_BATCH $TRAIN_LENGTH $TRAIN_STEPS $PROMPT_LENGTH $NEW_TOKENS $BATCHES >&2
}
java_side write "$WORK/unused.json"
# ROUNDS (environment, default 1) alternations of the two sides: on a shared machine the ratio of each
# round compares neighbours in time, and the median of the rounds' ratios is the figure to quote.
ROUNDS=${ROUNDS:-1}
for round in $(seq 1 "$ROUNDS"); do
  echo "model: $BENCH_MODEL; round $round of $ROUNDS; load before Java: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  java_side run "$WORK/java-$round.json"
  echo "load before PyTorch: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  (cd src/test/python && env "${MALLOC_ENV[@]}" /usr/bin/python3 llama_benchmark.py "$WORK/checkpoint" "$THREADS" \
    $TRAIN_BATCH $TRAIN_LENGTH $TRAIN_STEPS $PROMPT_LENGTH $NEW_TOKENS $BATCHES) > "$WORK/python-$round.json"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  cat "$WORK/java-$round.json" "$WORK/python-$round.json" >&2
done
/usr/bin/python3 - "$WORK" "$ROUNDS" "$BATCHES" $TRAIN_BATCH $TRAIN_LENGTH $PROMPT_LENGTH $NEW_TOKENS <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
javas = [json.load(open("%s/java-%d.json" % (work, r))) for r in range(1, rounds + 1)]
torches = [json.load(open("%s/python-%d.json" % (work, r))) for r in range(1, rounds + 1)]
train_batch, train_length, prompt_length, new_tokens = sys.argv[4:8]
rows = [("training tokens/s (batch %s x %s, AdamW)" % (train_batch, train_length), "training_tokens_per_second")]
rows += [("sampling tokens/s, batch %s (greedy, %s-token prompt, %s new)" % (b, prompt_length, new_tokens),
          "sampling_batch_%s" % b) for b in sys.argv[3].split(",")]
rows += [("checkpoint load (s)", "load_seconds"), ("peak RSS after loading (MiB)", "peak_rss_after_load_mib"),
         ("peak RSS after sampling, before training (MiB)", "peak_rss_sampling_mib"), ("peak RSS (MiB)", "peak_rss_mib")]
print("| figure | %s | %s | Java / PyTorch per round | median |" % (javas[0]["engine"], torches[0]["engine"]))
print("|---|---:|---:|---:|---:|")
for label, key in rows:
    ratios = [j[key] / t[key] for j, t in zip(javas, torches)]
    print("| %s | %s | %s | %s | %.2f |" % (label, ", ".join("%.2f" % j[key] for j in javas),
          ", ".join("%.2f" % t[key] for t in torches), ", ".join("%.2f" % r for r in ratios), statistics.median(ratios)))
for java, torch in zip(javas, torches):
    for b in sys.argv[3].split(","):
        key = "sampled_tokens_batch_%s" % b
        assert java[key] == torch[key], "the two sides generated different tokens at batch %s: %s vs %s" % (b, java[key], torch[key])
PY
