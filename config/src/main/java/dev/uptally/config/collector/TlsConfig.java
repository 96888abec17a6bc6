package dev.uptally.config.collector;

import java.nio.file.Path;

/** PEM files; {@code clientCaFile} null means no client certificates are asked for. */
public record TlsConfig(Path certFile, Path keyFile, Path clientCaFile) {}
