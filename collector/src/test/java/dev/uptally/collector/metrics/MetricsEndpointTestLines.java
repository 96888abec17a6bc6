package dev.uptally.collector.metrics;

import java.util.ArrayList;
import java.util.List;

/** Picks the sample lines of one metric out of a text exposition. */
final class MetricsEndpointTestLines {

  private MetricsEndpointTestLines() {}

  static List<String> samples(String text, String name) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        out.add(line);
      }
    }
    return out;
  }
}
