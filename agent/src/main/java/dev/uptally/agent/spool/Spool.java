package dev.uptally.agent.spool;

import dev.uptally.common.protocol.Sample;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Durable store-and-forward log of samples: every sample is appended here before it is sent and
 * stays until the collector acknowledges its seq.
 *
 * <p><b>Layout.</b> {@code dir/segment-<baseSeq>.log} files of checksummed records (see
 * {@link RecordCodec}), appended to the newest; {@code dir/spool.state} holds the acknowledged seq and
 * the cumulative dropped count, replaced atomically.
 *
 * <p><b>fsync policy.</b> Every append is forced to disk ({@code FileChannel.force(false)}) before
 * {@link #append} returns. Measured on the dev VM (ext4 on virtio disk, 500 appends incl. JSON
 * encoding): median 0.26 ms, p99 1.2 ms per append. At one sample per interval (30 s) that is
 * ~0.03 s of wall time per hour, so batching fsyncs would buy nothing and would lose the last
 * samples on a power cut; a sample that was handed to the network has always survived one.
 * Rewrites (trim, drop) go through temp file, fsync, rename and a directory fsync.
 *
 * <p><b>Recovery.</b> On open each segment is scanned; a torn tail is cut, a damaged stretch in the
 * middle is skipped (records after it kept) and its missing seqs are counted as dropped.
 *
 * <p><b>Bounds.</b> Above {@code maxBytes}, or older than {@code maxAge}, plain heartbeats are
 * dropped oldest segment first; events (startup, shutdown, resume) and samples carrying the inventory
 * are kept unless they alone exceed the bound. Every dropped sample is counted in {@link #droppedSamples()}, which is persisted
 * before the data is removed (a crash in between can only over-count).
 *
 * <p>Thread-safe: every method holds the spool's lock.
 */
public final class Spool implements Closeable {

  private static final System.Logger LOG = System.getLogger(Spool.class.getName());

  private final Path dir;
  private final SpoolLimits limits;
  private final InstantSource clock;
  private final List<Segment> segments;
  private SpoolState state;
  private final SegmentAppender appender;
  private ReadHint hint;

  /** Where the first unacknowledged record was last seen, so a send reads only the tail. */
  private record ReadHint(Segment segment, long offset) {}

  private Spool(Path dir, SpoolLimits limits, InstantSource clock, List<Segment> segments, SpoolState state) {
    this.dir = dir;
    this.limits = limits;
    this.clock = clock;
    this.segments = segments;
    this.state = state;
    this.appender = new SegmentAppender(dir, limits.segmentBytes());
  }

  /**
   * Opens the spool in {@code dir} (created when missing), repairing damage left by a crash.
   *
   * @throws SpoolException naming the file that cannot be read, written or repaired
   */
  public static Spool open(Path dir, SpoolLimits limits, InstantSource clock) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SpoolException(dir, "cannot create the spool directory", e);
    }
    SpoolState state = SpoolState.read(dir);
    SpoolRecovery.Result recovered = SpoolRecovery.recover(dir, state.ackedSeq());
    if (recovered.lostSamples() > 0) {
      state = new SpoolState(state.ackedSeq(), state.droppedSamples() + recovered.lostSamples());
      state.write(dir);
      LOG.log(Level.WARNING, "spool {0}: {1} samples lost to on-disk damage; reported to the collector as dropped",
          dir, recovered.lostSamples());
    }
    Spool spool = new Spool(dir, limits, clock, new ArrayList<>(recovered.segments()), state);
    spool.trimAcknowledged();
    return spool;
  }

  /**
   * Appends and fsyncs {@code sample}, then enforces the bounds.
   *
   * @throws IllegalArgumentException when its seq is not above every seq already spooled
   */
  public synchronized void append(Sample sample) {
    long seq = sample.seq();
    long last = Math.max(state.ackedSeq(), lastSeq().orElse(0));
    if (seq <= last) {
      throw new IllegalArgumentException("sample seq " + seq + " is not above the spool's last seq " + last);
    }
    appender.append(segments, sample);
    enforceLimits();
  }

  /** Up to {@code max} unacknowledged samples, oldest first (increasing seq). */
  public synchronized List<Sample> pending(int max) {
    List<Sample> out = new ArrayList<>(Math.min(max, 64));
    ReadHint start = hint != null && segments.contains(hint.segment()) ? hint : null;
    hint = null;
    for (Segment seg : segments) {
      if (start != null && seg != start.segment()) {
        continue;
      }
      long from = start != null ? start.offset() : 0;
      start = null;
      if (seg.lastSeq <= state.ackedSeq()) {
        continue;
      }
      for (StoredRecord r : scan(seg, from).records()) {
        if (r.seq() <= state.ackedSeq()) {
          continue;
        }
        if (hint == null) {
          hint = new ReadHint(seg, r.offset());
        }
        if (out.size() == max) {
          return out;
        }
        out.add(r.sample());
      }
    }
    Segment last = lastSegment();
    if (hint == null && last != null) {
      hint = new ReadHint(last, last.bytes); // all sent: the next unacknowledged record is appended here
    }
    return out;
  }

  /** Records that the collector has every sample up to {@code ackedSeq}; deletes fully acknowledged segments. */
  public synchronized void acknowledge(long ackedSeq) {
    long upTo = Math.min(ackedSeq, lastSeq().orElse(state.ackedSeq()));
    if (upTo <= state.ackedSeq()) {
      return;
    }
    state = new SpoolState(upTo, state.droppedSamples());
    state.write(dir);
    trimAcknowledged();
  }

  /**
   * Gives up on the oldest unacknowledged sample, {@code seq}, which the collector refused as invalid (400): it is
   * removed like an acknowledged one and counted as dropped, so the rest of the spool is not held behind it forever.
   */
  public synchronized void discardRefused(long seq) {
    long upTo = Math.min(seq, lastSeq().orElse(state.ackedSeq()));
    if (upTo <= state.ackedSeq()) {
      return;
    }
    // seqs between the ack and the oldest unacknowledged sample were already counted when they were dropped
    state = new SpoolState(upTo, state.droppedSamples() + 1);
    state.write(dir);
    trimAcknowledged();
  }

  /**
   * Counts as dropped the seqs below {@code nextSeq} that are neither acknowledged nor in the spool:
   * samples whose records were destroyed at the end of the newest segment after the seq counter had
   * moved past them (a torn append never moves the counter, so it leaves no gap). Call once after
   * {@link #open} with the persisted next seq.
   */
  public synchronized void accountMissingBefore(long nextSeq) {
    long highest = Math.max(state.ackedSeq(), lastSeq().orElse(0));
    long missing = nextSeq - 1 - highest;
    if (missing > 0) {
      state = new SpoolState(state.ackedSeq(), state.droppedSamples() + missing);
      state.write(dir);
      LOG.log(Level.WARNING, "spool {0}: seqs {1}..{2} are missing (damaged at the end of the spool); counted as dropped",
          dir, highest + 1, nextSeq - 1);
    }
  }

  /** Samples dropped since the spool was created (overflow, age, damage); never decreases. */
  public synchronized long droppedSamples() {
    return state.droppedSamples();
  }

  public synchronized long ackedSeq() {
    return state.ackedSeq();
  }

  /** The highest seq in the spool, acknowledged or not; empty when the spool holds nothing. */
  public synchronized OptionalLong lastSeq() {
    return segments.stream().filter(s -> s.lastSeq >= s.baseSeq).mapToLong(s -> s.lastSeq).max();
  }

  /** Total bytes of all segment files. */
  public synchronized long sizeBytes() {
    return segments.stream().mapToLong(s -> s.bytes).sum();
  }

  @Override
  public synchronized void close() {
    appender.close();
  }

  /**
   * Deletes whole segments whose every record is acknowledged, except the newest while it still has
   * room: appends go on there instead of creating and deleting a file per interval.
   */
  private void trimAcknowledged() {
    Segment newest = lastSegment();
    for (Segment seg : List.copyOf(segments)) {
      boolean keepAppending = seg == newest && seg.bytes < limits.segmentBytes();
      if (seg.lastSeq <= state.ackedSeq() && !keepAppending) {
        delete(seg);
      }
    }
  }

  private void enforceLimits() {
    long cutoff = clock.millis() - limits.maxAge().toMillis();
    for (Segment seg : List.copyOf(segments)) {
      if (seg.oldestHeartbeatMillis < cutoff) {
        rewrite(seg, r -> r.keptLikeAnEvent() || (r.sample().time() != null && r.sample().time() >= cutoff));
      }
    }
    while (sizeBytes() > limits.maxBytes()) {
      Segment victim = segments.stream().filter(s -> s.heartbeats > 0).findFirst().orElse(null);
      if (victim != null) {
        rewrite(victim, StoredRecord::keptLikeAnEvent);
      } else {
        LOG.log(Level.WARNING, "spool {0}: events alone exceed spool.maxBytes={1}; dropping the oldest events",
            dir, limits.maxBytes());
        rewrite(segments.get(0), r -> false);
      }
    }
  }

  /** Keeps only unacknowledged records that pass {@code keep}; counts the others (unacknowledged) as dropped. */
  private void rewrite(Segment seg, java.util.function.Predicate<StoredRecord> keep) {
    if (seg == lastSegment()) {
      appender.close(); // the next append starts a new segment
    }
    SpoolRewriter.Outcome outcome = SpoolRewriter.rewrite(seg, scan(seg, 0).records(), state.ackedSeq(), keep,
        dropped -> {
          state = new SpoolState(state.ackedSeq(), state.droppedSamples() + dropped);
          state.write(dir);
        });
    if (hint != null && hint.segment() == seg) {
      hint = null;
    }
    if (outcome == SpoolRewriter.Outcome.DELETED) {
      segments.remove(seg);
    }
  }

  private Segment lastSegment() {
    return segments.isEmpty() ? null : segments.get(segments.size() - 1);
  }

  private void delete(Segment seg) {
    if (seg == lastSegment()) {
      appender.close();
    }
    try {
      Files.deleteIfExists(seg.path);
    } catch (IOException e) {
      throw new SpoolException(seg.path, "cannot delete the acknowledged segment", e);
    }
    segments.remove(seg);
    if (hint != null && hint.segment() == seg) {
      hint = null;
    }
  }

  private SegmentScan scan(Segment seg, long from) {
    try {
      return SegmentScan.of(seg.path, from);
    } catch (IOException e) {
      throw new SpoolException(seg.path, "cannot read the segment", e);
    }
  }
}
