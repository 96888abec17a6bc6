package dev.uptally.agent.spool;

import dev.uptally.agent.files.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/** Replaces a segment file by one holding only the records to keep: temp file, fsync, rename, directory fsync. */
final class SpoolRewriter {

  enum Outcome { REWRITTEN, DELETED, UNCHANGED }

  private SpoolRewriter() {}

  /**
   * @param ackedSeq records up to this seq are removed without being counted (the collector has them)
   * @param recordDrops called with the number of unacknowledged records removed, before any file changes
   */
  static Outcome rewrite(Segment seg, List<StoredRecord> records, long ackedSeq, Predicate<StoredRecord> keep,
      LongConsumer recordDrops) {
    List<StoredRecord> kept = new ArrayList<>();
    long dropped = 0;
    for (StoredRecord r : records) {
      if (r.seq() <= ackedSeq) {
        continue;
      }
      if (keep.test(r)) {
        kept.add(r);
      } else {
        dropped++;
      }
    }
    if (kept.size() == records.size()) {
      return Outcome.UNCHANGED;
    }
    if (dropped > 0) {
      recordDrops.accept(dropped);
    }
    try {
      if (kept.isEmpty()) {
        Files.deleteIfExists(seg.path);
        AtomicFiles.fsyncDirectory(seg.path.getParent());
        return Outcome.DELETED;
      }
      List<StoredRecord> moved = writeReplacement(seg.path, kept);
      seg.reset(moved, moved.get(moved.size() - 1).end());
      return Outcome.REWRITTEN;
    } catch (IOException e) {
      throw new SpoolException(seg.path, "cannot rewrite the segment", e);
    }
  }

  /** Writes {@code records} to a fresh file that replaces {@code path}; returns them with their new offsets. */
  static List<StoredRecord> writeReplacement(Path path, List<StoredRecord> records) throws IOException {
    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    List<StoredRecord> moved = new ArrayList<>(records.size());
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      long offset = 0;
      for (StoredRecord r : records) {
        ByteBuffer buf = RecordCodec.encode(r.sample());
        int size = buf.remaining();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        moved.add(new StoredRecord(offset, size, r.sample()));
        offset += size;
      }
      ch.force(false);
    }
    try {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
    }
    AtomicFiles.fsyncDirectory(path.getParent());
    return moved;
  }
}
