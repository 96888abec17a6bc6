package dev.uptally.agent.spool;

import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Sample;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;

/**
 * One spool record: {@code int length} (big-endian, payload bytes) · {@code int crc32c} (of the
 * payload) · payload (the {@link Sample} as JSON, one object). A record is valid only when its length
 * is in range, it fits in the file, and the checksum matches; anything else is damage.
 */
final class RecordCodec {

  static final int HEADER_BYTES = 8;
  /** Far above any real sample (~1 KiB with inventory); a larger length field is damage, not data. */
  static final int MAX_PAYLOAD_BYTES = 1 << 20;

  private RecordCodec() {}

  static ByteBuffer encode(Sample sample) {
    byte[] payload = Json.mapper().writeValueAsBytes(sample);
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("sample seq " + sample.seq() + " is " + payload.length
          + " bytes of JSON, above the spool's record limit of " + MAX_PAYLOAD_BYTES);
    }
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    buf.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
    return buf;
  }

  /** The payload length of a valid record at {@code pos} in {@code data}, or -1 when it is not one. */
  static int validLengthAt(byte[] data, int pos, int end) {
    if (end - pos < HEADER_BYTES + 2) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(data, pos, HEADER_BYTES);
    int length = b.getInt();
    int crc = b.getInt();
    int start = pos + HEADER_BYTES;
    if (length < 2 || length > MAX_PAYLOAD_BYTES || length > end - start) {
      return -1;
    }
    // cheap filter before the checksum: a payload is one JSON object
    if (data[start] != '{' || data[start + length - 1] != '}') {
      return -1;
    }
    return crc(data, start, length) == crc ? length : -1;
  }

  /** @throws JacksonException when a checksummed payload is not a sample (a bug, or a 1 in 2^32 collision) */
  static Sample decode(byte[] data, int payloadStart, int length) {
    return Json.mapper().readValue(data, payloadStart, length, Sample.class);
  }

  private static int crc(byte[] data, int offset, int length) {
    CRC32C c = new CRC32C();
    c.update(data, offset, length);
    return (int) c.getValue();
  }
}
