# The image of the two services that run the model (generator-service, trainer-service) on CUDA:
# DJL's PyTorch engine with an external libtorch 2.7.1+cu128 (PYTORCH_LIBRARY_PATH/PYTORCH_VERSION/
# PYTORCH_FLAVOR), so nothing downloads at run time. Runs on the CPU too (LETI_MODEL_DEVICE=cpu).
# SERVICE names the module, PORT its HTTP port; docker-compose.yml passes both. Build the jar first:
#   ./mvnw -pl generator-service -am package -DskipTests
#   docker build -f docker/model-service.Dockerfile --build-arg SERVICE=generator-service \
#     --build-arg PORT=8081 -t leti/generator-service generator-service
# `--target cpu` builds the CPU-only variant instead: the JRE image and the CPU libtorch that the
# jar carries (DJL's pytorch-native-cpu, unpacked to the user's ~/.djl.ai at first start), no
# CUDA and no download. deploy-tests (ServiceImagesTest) builds that variant, on a base assembled
# from the host (the base images are build arguments; their defaults are what production uses);
# the CUDA variant, the default target, is not built by the tests (no registry, no download).
ARG JRE_IMAGE=eclipse-temurin:17-jre
ARG DEBIAN_IMAGE=debian:bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-base-ubuntu24.04

FROM ${JRE_IMAGE} AS layers
ARG SERVICE
WORKDIR /build
COPY target/${SERVICE}.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# Before the CUDA stages: Docker's classic builder builds every stage up to the target.
FROM ${JRE_IMAGE} AS cpu
ARG PORT
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --create-home --home-dir /home/leti leti \
 && install -d -o leti -g leti /var/lib/leti/artifacts
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001
ENV SERVER_PORT=${PORT} \
    LETI_ARTIFACTS_ROOT=/var/lib/leti/artifacts \
    LETI_MODEL_DEVICE=cpu \
    DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true \
    MALLOC_ARENA_MAX=1 \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms32m -XX:MaxRAMPercentage=40.0 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=30 \
  CMD curl -fsS "http://localhost:${SERVER_PORT}/readyz" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

FROM ${DEBIAN_IMAGE} AS libtorch
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates unzip \
 && curl -fsSL -o /tmp/libtorch.zip "${LIBTORCH_URL}" \
 && unzip -q /tmp/libtorch.zip -d /opt \
 && rm -rf /tmp/libtorch.zip /opt/libtorch/include /opt/libtorch/share

# The CUDA base image brings the NVIDIA container runtime settings; libtorch brings its own
# CUDA and cuDNN libraries.
FROM ${CUDA_IMAGE}
ARG PORT
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --create-home --home-dir /home/leti leti \
 && install -d -o leti -g leti /var/lib/leti/artifacts
COPY --from=libtorch /opt/libtorch /opt/libtorch
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001
ENV SERVER_PORT=${PORT} \
    LETI_ARTIFACTS_ROOT=/var/lib/leti/artifacts \
    LETI_MODEL_DEVICE=cuda \
    PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true \
    MALLOC_ARENA_MAX=1 \
    LD_LIBRARY_PATH=/opt/libtorch/lib \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms32m -XX:MaxRAMPercentage=40.0 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=30 \
  CMD curl -fsS "http://localhost:${SERVER_PORT}/readyz" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
