# restartwatch container image.
# No Docker engine runs on the project's build machines, so this file is not built in CI; its build
# steps are the same commands CI runs (.ci/run installs libcurl4-openssl-dev, then swift builds).
# docker build -t restartwatch:0.1.0 .

FROM swift:6.1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product restartwatch \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/restartwatch" /out/restartwatch

FROM debian:bookworm-slim
# libcurl (with OpenSSL and nghttp2) stays dynamic; the Swift runtime is linked statically.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/restartwatch /usr/local/bin/restartwatch
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/restartwatch"]
CMD ["watch"]
