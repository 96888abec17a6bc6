package dev.uptally.collector.incident;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;

/**
 * {@code uptally_patch_window_missed_total{client, device}}: patch windows each device missed (the customer's
 * obligation). Counts come from the violations table, re-read by {@link #refresh()} off the scrape path (the
 * contract engine's evaluation thread calls it); a scrape only reads the latest list. Thread-safe.
 */
public final class PatchWindowMetrics implements MultiCollector {

  static final String NAME = "uptally_patch_window_missed";
  private static final String HELP = "Patch windows the device was not up for long enough (minOnline), by device";

  private final ContractStore store;
  private volatile List<PatchMisses> latest = List.of();

  public PatchWindowMetrics(ContractStore store) {
    this.store = store;
  }

  /** Re-reads the counts; a storage error keeps the previous counts and is rethrown for the caller to log. */
  public void refresh() {
    latest = store.patchWindowMisses();
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(NAME).help(HELP);
    for (PatchMisses m : latest) {
      counter.dataPoint(CounterDataPointSnapshot.builder()
          .labels(Labels.of("client", m.clientId(), "device", m.deviceId())).value(m.misses()).build());
    }
    return MetricSnapshots.of(counter.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(NAME);
  }
}
