package dev.uptally.agent.spool;

import dev.uptally.common.protocol.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * What a segment file holds after a crash: every valid record, where the valid data ends, and
 * whether damage was found between valid records.
 *
 * <p>At a bad record the scan searches forward, byte by byte, for the next position where a valid
 * record starts (length in range, payload framed as a JSON object, CRC32C matches). When one is found
 * the damage was in the middle ({@link #damagedRegions()}); when none is found the file has a torn
 * tail, and {@link #validEnd()} is where it should be cut.
 *
 * @param damagedBefore for each damaged stretch followed by valid records, the index in {@code records}
 *     of the first record after it
 * @param tailDamaged whether bytes after the last valid record are not a record
 */
record SegmentScan(List<StoredRecord> records, long validEnd, List<Integer> damagedBefore, boolean tailDamaged) {

  /** Scans the whole file. */
  static SegmentScan of(Path file) throws IOException {
    return of(file, 0);
  }

  /** Scans from {@code fromOffset} (the start of a record) to the end; offsets stay file offsets. */
  static SegmentScan of(Path file, long fromOffset) throws IOException {
    byte[] data = readFrom(file, fromOffset);
    List<StoredRecord> records = new ArrayList<>();
    List<Integer> damagedBefore = new ArrayList<>();
    int pos = 0;
    boolean tail = false;
    while (pos < data.length) {
      StoredRecord r = recordAt(data, pos);
      if (r != null) {
        records.add(new StoredRecord(fromOffset + r.offset(), r.totalBytes(), r.sample()));
        pos = (int) r.end();
        continue;
      }
      int next = resync(data, pos + 1);
      if (next < 0) {
        tail = true;
        break;
      }
      damagedBefore.add(records.size());
      pos = next;
    }
    long validEnd = records.isEmpty() ? fromOffset : records.get(records.size() - 1).end();
    return new SegmentScan(List.copyOf(records), validEnd, List.copyOf(damagedBefore), tail);
  }

  /** Whether valid records follow a damaged stretch (the tail is judged separately). */
  boolean damagedInside() {
    return !damagedBefore.isEmpty();
  }

  private static byte[] readFrom(Path file, long offset) throws IOException {
    if (offset == 0) {
      return Files.readAllBytes(file);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset > size) {
        throw new IOException(file + ": read offset " + offset + " is beyond the end (" + size + " bytes)");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) (size - offset));
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
        // positional reads until full
      }
      return buf.array();
    }
  }

  private static StoredRecord recordAt(byte[] data, int pos) {
    int length = RecordCodec.validLengthAt(data, pos, data.length);
    if (length < 0) {
      return null;
    }
    try {
      Sample sample = RecordCodec.decode(data, pos + RecordCodec.HEADER_BYTES, length);
      return sample.seq() == null ? null : new StoredRecord(pos, RecordCodec.HEADER_BYTES + length, sample);
    } catch (JacksonException e) {
      return null; // checksummed but not a sample: treated as damage like any other bad record
    }
  }

  private static int resync(byte[] data, int from) {
    for (int p = from; p + RecordCodec.HEADER_BYTES < data.length; p++) {
      if (recordAt(data, p) != null) {
        return p;
      }
    }
    return -1;
  }
}
