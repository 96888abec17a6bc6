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
}
