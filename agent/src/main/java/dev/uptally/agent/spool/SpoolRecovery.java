package dev.uptally.agent.spool;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Brings the segment files back to a consistent state after a crash: leftover temp files and empty
 * segments are removed, a torn tail is cut, a damaged stretch inside a segment is removed by
 * rewriting the segment with the valid records, and the seqs lost that way are counted.
 */
final class SpoolRecovery {

  private static final System.Logger LOG = System.getLogger(SpoolRecovery.class.getName());

  record Result(List<Segment> segments, long lostSamples) {}

  private SpoolRecovery() {}

  static Result recover(Path dir, long ackedSeq) {
    List<Path> files = listSegments(dir);
    List<Segment> segments = new ArrayList<>();
    long lost = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      Segment seg = new Segment(file, Segment.baseSeqOf(file.getFileName().toString()));
      long nextBase = i + 1 < files.size() ? Segment.baseSeqOf(files.get(i + 1).getFileName().toString()) : -1;
      try {
        lost += repair(seg, nextBase, ackedSeq);
      } catch (IOException e) {
        throw new SpoolException(file, "cannot repair the segment", e);
      }
      if (seg.bytes > 0) {
        segments.add(seg);
      } else {
        delete(file);
      }
    }
    return new Result(segments, lost);
  }

  /** Repairs one segment in place and fills its metadata; returns how many unacknowledged seqs were lost. */
  private static long repair(Segment seg, long nextBase, long ackedSeq) throws IOException {
    SegmentScan scan = SegmentScan.of(seg.path);
    List<StoredRecord> records = scan.records();
    long lost = 0;
    for (int index : scan.damagedBefore()) {
      long before = index == 0 ? seg.baseSeq - 1 : records.get(index - 1).seq();
      lost += gap(before, records.get(index).seq(), ackedSeq);
    }
    if (scan.tailDamaged()) {
      long before = records.isEmpty() ? seg.baseSeq - 1 : records.get(records.size() - 1).seq();
      // in the newest segment a torn tail is an append that never returned: its seq was never used
      lost += nextBase < 0 ? 0 : gap(before, nextBase, ackedSeq);
      LOG.log(Level.WARNING, "spool segment {0}: damaged tail cut at byte {1}", seg.path, scan.validEnd());
    }
    if (scan.damagedInside()) {
      LOG.log(Level.WARNING, "spool segment {0}: {1} damaged stretch(es) removed, {2} valid records kept",
          seg.path, scan.damagedBefore().size(), records.size());
      if (records.isEmpty()) {
        seg.reset(records, 0);
        return lost;
      }
      List<StoredRecord> moved = SpoolRewriter.writeReplacement(seg.path, records);
      seg.reset(moved, moved.get(moved.size() - 1).end());
      return lost;
    }
    if (scan.tailDamaged()) {
      try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.WRITE)) {
        ch.truncate(scan.validEnd());
        ch.force(true);
      }
    }
    seg.reset(records, scan.validEnd());
    return lost;
  }

  /**
   * Unacknowledged seqs strictly between {@code before} and {@code after}. Seqs are consecutive in the
   * spool except where a drop already removed (and counted) heartbeats, so this is an upper bound.
   */
  private static long gap(long before, long after, long ackedSeq) {
    long from = Math.max(before, ackedSeq) + 1;
    return Math.max(0, after - from);
  }

  private static List<Path> listSegments(Path dir) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.endsWith(".tmp")) {
          delete(p); // an interrupted rewrite; the original is still in place
        } else if (Segment.baseSeqOf(name) >= 0) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      throw new SpoolException(dir, "cannot list the spool directory", e);
    }
    files.sort(Comparator.comparingLong(p -> Segment.baseSeqOf(p.getFileName().toString())));
    return files;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new SpoolException(file, "cannot delete", e);
    }
  }
}
