package dev.uptally.collector.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The server's log file ({@code pg_ctl -l}), which every start appends to: a failed start is explained by what was
 * written since it began ({@link #since(long)}), cut to its last {@value #TAIL_LINES} lines ({@link #tail(String)}).
 */
record ServerLog(Path file) {

  static final int TAIL_LINES = 30;

  /** The log's length in bytes now; where the next start's lines begin. */
  long end() {
    return file.toFile().length();
  }

  /** What was written from byte {@code offset} on; a note instead when the log cannot be read. */
  String since(long offset) {
    try {
      byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
      int from = (int) Math.min(offset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  /** The last {@value #TAIL_LINES} lines of {@code text}. */
  static String tail(String text) {
    List<String> lines = text.strip().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }
}
