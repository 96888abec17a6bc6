package dev.uptally.collector.audit;

/**
 * How many refused requests the audit log writes a row for, per minute of the collector's clock. Beyond them a
 * refusal is only counted, and the minute's count is written as one summarising row per address ("and 5,231 more
 * from 10.0.0.7") plus one for the addresses beyond {@code addressesPerMinute}.
 *
 * <p>With the defaults a minute adds at most 100 refusal rows and 101 summaries whatever the flood: about 290,000 rows
 * (some 60 MB) a day under a sustained one from thousands of addresses, and 60 small transactions a minute at most.
 *
 * @param perAddressPerMinute rows for one address in one minute
 * @param addressesPerMinute addresses counted one by one in one minute
 * @param rowsPerMinute refusal rows of every address together in one minute
 */
public record RefusalLimits(int perAddressPerMinute, int addressesPerMinute, int rowsPerMinute) {

  public static final RefusalLimits DEFAULTS = new RefusalLimits(10, 100, 100);

  public RefusalLimits {
    if (perAddressPerMinute < 1 || addressesPerMinute < 1 || rowsPerMinute < 1) {
      throw new IllegalArgumentException("refusal limits must be at least 1: " + perAddressPerMinute + " per address, "
          + addressesPerMinute + " addresses, " + rowsPerMinute + " rows per minute");
    }
  }
}
