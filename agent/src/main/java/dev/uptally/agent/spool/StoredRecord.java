package dev.uptally.agent.spool;

import dev.uptally.common.protocol.Sample;

/** A valid record found in a segment file: where it starts, how many bytes it takes, what it holds. */
record StoredRecord(long offset, int totalBytes, Sample sample) {

  long seq() {
    return sample.seq();
  }

  long end() {
    return offset + totalBytes;
  }

  boolean isEvent() {
    return sample.event() != null;
  }

  /**
   * Whether the bounds keep this record like an event: it is one, or it carries the inventory (sent only when it
   * changed, so a dropped one would leave the collector with the old inventory until the next change).
   */
  boolean keptLikeAnEvent() {
    return isEvent() || sample.inventory() != null;
  }
}
