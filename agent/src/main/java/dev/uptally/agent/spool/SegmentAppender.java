package dev.uptally.agent.spool;

import dev.uptally.agent.files.AtomicFiles;
import dev.uptally.common.protocol.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes records to the newest segment: opens it for appending (or starts a new one once it reached
 * the segment size), forces every record to disk, and after a failed write cuts the partial record
 * (or seals the segment when even that fails). Owned by {@link Spool}, under its lock.
 */
final class SegmentAppender {

  private final Path dir;
  private final long segmentBytes;
  private FileChannel active;

  SegmentAppender(Path dir, long segmentBytes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  /** Appends and forces {@code sample}, adding a segment to {@code segments} when a new one is needed. */
  void append(List<Segment> segments, Sample sample) {
    ByteBuffer record = RecordCodec.encode(sample);
    Segment seg = segmentFor(segments, sample.seq());
    long offset = seg.bytes;
    try {
      int size = record.remaining();
      while (record.hasRemaining()) {
        active.write(record);
      }
      active.force(false);
      seg.added(new StoredRecord(offset, size, sample));
    } catch (IOException e) {
      discardPartialRecord(seg, offset, e);
      throw new SpoolException(seg.path, "cannot append sample seq " + sample.seq(), e);
    }
  }

  /** Closes the newest segment; the next append reopens it, or starts a new one. */
  void close() {
    if (active == null) {
      return;
    }
    try {
      active.close();
    } catch (IOException e) {
      throw new SpoolException(dir, "cannot close the active segment", e);
    } finally {
      active = null;
    }
  }

  private Segment segmentFor(List<Segment> segments, long seq) {
    Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
    if (active != null && last != null && last.bytes < segmentBytes) {
      return last;
    }
    if (active == null && last != null && last.bytes < segmentBytes && last.bytes > 0 && !last.sealed) {
      open(last);
      return last;
    }
    close();
    Segment fresh = new Segment(dir.resolve(Segment.fileName(seq)), seq);
    open(fresh);
    segments.add(fresh);
    try {
      AtomicFiles.fsyncDirectory(dir);
    } catch (IOException e) {
      throw new SpoolException(dir, "cannot fsync the directory after creating " + fresh.path.getFileName(), e);
    }
    return fresh;
  }

  private void open(Segment seg) {
    try {
      active = FileChannel.open(seg.path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new SpoolException(seg.path, "cannot open the segment for appending", e);
    }
  }

  /** After a failed append (disk full), cut what was written of the record so the next append starts clean. */
  private void discardPartialRecord(Segment seg, long offset, IOException failure) {
    try {
      active.truncate(offset);
    } catch (IOException again) {
      failure.addSuppressed(again);
      try {
        active.close(); // the next append starts a new segment; recovery cuts the partial record later
      } catch (IOException closing) {
        failure.addSuppressed(closing);
      }
      active = null;
      seg.sealed = true;
    }
  }
}
