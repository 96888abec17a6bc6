package dev.uptally.agent.spool;

import java.nio.file.Path;
import java.util.List;

/**
 * What the spool knows about one segment file without reading it. {@code baseSeq} (from the file
 * name) is a lower bound of the seqs inside. Mutable; owned by {@link Spool} under its lock.
 */
final class Segment {

  static final String PREFIX = "segment-";
  static final String SUFFIX = ".log";

  final Path path;
  final long baseSeq;
  long bytes;
  long lastSeq;
  /** Plain heartbeats: records the bounds may drop (neither an event nor carrying the inventory). */
  int heartbeats;
  long oldestHeartbeatMillis = Long.MAX_VALUE;
  /** A failed append left bytes that could not be cut: never append here again (recovery cuts them). */
  boolean sealed;

  Segment(Path path, long baseSeq) {
    this.path = path;
    this.baseSeq = baseSeq;
    this.lastSeq = baseSeq - 1;
  }

  static String fileName(long baseSeq) {
    return String.format("%s%020d%s", PREFIX, baseSeq, SUFFIX);
  }

  /** The base seq of a segment file name, or -1 when the name is not one. */
  static long baseSeqOf(String fileName) {
    if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Recomputes the metadata from the records now in the file. */
  void reset(List<StoredRecord> records, long fileBytes) {
    bytes = fileBytes;
    lastSeq = baseSeq - 1;
    heartbeats = 0;
    oldestHeartbeatMillis = Long.MAX_VALUE;
    records.forEach(this::added);
    bytes = fileBytes;
  }

  void added(StoredRecord r) {
    bytes += r.totalBytes();
    lastSeq = Math.max(lastSeq, r.seq());
    if (!r.keptLikeAnEvent()) {
      heartbeats++;
      Long time = r.sample().time();
      oldestHeartbeatMillis = Math.min(oldestHeartbeatMillis, time == null ? Long.MIN_VALUE : time);
    }
  }
}
