# The image of every JVM service: one recipe, three build arguments (docker-compose.yml passes
# each service's; `docker compose build` builds all four):
#   SERVICE   the module; the build context is its directory, holding target/${SERVICE}.jar
#   PORT      its HTTP port
#   RUNTIME   what it runs on, one of the runtime stages below:
#               jre         the JRE (orchestrator-service)
#               sandbox     Debian's JRE with what the process sandbox runs programs with (executor-service)
#               model-cpu   the JRE tuned for a model held off-heap; the CPU libtorch the jar carries
#               model-cuda  as model-cpu on nvidia/cuda with libtorch 2.7.1+cu128 (generator, trainer)
# For example, after ./mvnw -pl generator-service -am package -DskipTests:
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=generator-service --build-arg PORT=8081 \
#     --build-arg RUNTIME=model-cpu -t leti/generator-service generator-service
# The base images are build arguments whose defaults are the public images production uses;
# deploy-tests (ServiceImagesTest) builds on a base assembled from the host instead. BuildKit builds
# only the stages the chosen runtime needs; Docker's classic builder builds every stage, so there
# a build with an empty LIBTORCH_URL skips the libtorch download (and gives model-cuda no libtorch).
ARG JRE_IMAGE=eclipse-temurin:17-jre
ARG DEBIAN_IMAGE=debian:bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-base-ubuntu24.04
ARG RUNTIME=jre

# Dependencies, loader, snapshots and the application in separate layers: a code change rebuilds
# only the small last layer.
FROM ${JRE_IMAGE} AS layers
ARG SERVICE
WORKDIR /build
COPY target/${SERVICE}.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE} AS jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --create-home --home-dir /home/leti leti \
 && install -d -o leti -g leti /var/lib/leti/artifacts
USER 10001:10001
ENV LETI_ARTIFACTS_ROOT=/var/lib/leti/artifacts \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70.0 -XX:+ExitOnOutOfMemoryError"

# Debian bookworm: the distribution the sandbox recipe was verified on. Runs as root on purpose:
# the process backend drops every program to uid 65534 with setpriv before it enters its
# namespaces; the docker backend (DOCKER_HOST) needs no root and no host socket.
FROM ${DEBIAN_IMAGE} AS sandbox
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless curl ca-certificates \
      python3 bubblewrap python3-seccomp util-linux \
 && rm -rf /var/lib/apt/lists/*
ENV LETI_EXECUTOR_BACKEND=process \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60.0 -XX:+ExitOnOutOfMemoryError"

# The model's tensors live off-heap: one malloc arena (libtorch's freed buffers are reused), the
# serial collector and a small initial heap (docs/benchmarks.md, leti-model). DJL finds its CPU
# libtorch in the jar, unpacked to ~/.djl.ai at first start; nothing downloads at run time.
FROM jre AS model-cpu
ENV LETI_MODEL_DEVICE=cpu \
    DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true \
    MALLOC_ARENA_MAX=1 \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms32m -XX:MaxRAMPercentage=40.0 -XX:+ExitOnOutOfMemoryError"

FROM ${DEBIAN_IMAGE} AS libtorch
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
RUN install -d /opt/libtorch \
 && if [ -n "${LIBTORCH_URL}" ]; then \
      apt-get update && apt-get install -y --no-install-recommends curl ca-certificates unzip \
      && curl -fsSL -o /tmp/libtorch.zip "${LIBTORCH_URL}" \
      && unzip -q /tmp/libtorch.zip -d /opt \
      && rm -rf /tmp/libtorch.zip /opt/libtorch/include /opt/libtorch/share; \
    fi

# The CUDA base image brings the NVIDIA container runtime settings; libtorch brings its own CUDA
# and cuDNN libraries, and DJL is pointed at it.
FROM ${CUDA_IMAGE} AS model-cuda
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --create-home --home-dir /home/leti leti \
 && install -d -o leti -g leti /var/lib/leti/artifacts
COPY --from=libtorch /opt/libtorch /opt/libtorch
USER 10001:10001
ENV LETI_ARTIFACTS_ROOT=/var/lib/leti/artifacts \
    LETI_MODEL_DEVICE=cuda \
    PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    LD_LIBRARY_PATH=/opt/libtorch/lib \
    DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true \
    MALLOC_ARENA_MAX=1 \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms32m -XX:MaxRAMPercentage=40.0 -XX:+ExitOnOutOfMemoryError"

FROM ${RUNTIME}
ARG PORT
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
ENV SERVER_PORT=${PORT}
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=30 \
  CMD curl -fsS "http://localhost:${SERVER_PORT}/readyz" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
