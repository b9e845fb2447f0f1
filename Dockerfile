# syntax=docker/dockerfile:1
# Riposte: multi-stage build. The toolchain image compiles a release binary with the Swift
# standard library linked statically; the runtime image carries only the shared libraries it
# loads (libcurl, SQLite, CA certificates), runs as a non-root user and keeps its database on a volume.

FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4-openssl-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The manifest names every target's folder, so they are all copied before SwiftPM reads it.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
RUN swift package resolve
RUN swift build -c release --product riposte --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/riposte" /out/riposte \
    && install -D "$(swift build -c release --show-bin-path)/riposte_RiposteModels.resources/sentiment.rpsm" /out/share/riposte/sentiment.rpsm

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4 libsqlite3-0 ca-certificates tzdata libstdc++6 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/riposte --create-home --shell /usr/sbin/nologin riposte
COPY --from=build /out/riposte /usr/local/bin/riposte
# The sentiment model: riposte looks for it in ../share/riposte beside its binary.
COPY --from=build /out/share/riposte /usr/local/share/riposte
COPY conversations /usr/local/share/riposte/conversations
COPY riposte.example.yml /usr/local/share/riposte/riposte.example.yml
WORKDIR /var/lib/riposte
USER riposte:riposte
# The SQLite database (data/riposte.sqlite) lives here.
VOLUME ["/var/lib/riposte"]
EXPOSE 8080
# The slim image has libcurl but no curl binary: riposte checks itself through libcurl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["riposte", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["riposte"]
CMD ["serve", "--host", "0.0.0.0"]
