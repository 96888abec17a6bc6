package dev.uptally.agent.spool;

import dev.uptally.agent.files.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The spool's small persistent state, replaced atomically: the highest seq the collector acknowledged
 * and the cumulative count of samples the spool dropped (overflow, age, damage).
 */
record SpoolState(long ackedSeq, long droppedSamples) {

  static final String FILE = "spool.state";

  static SpoolState read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      Optional<String> text = AtomicFiles.readString(file);
      if (text.isEmpty()) {
        return new SpoolState(0, 0);
      }
      Properties p = new Properties();
      p.load(new StringReader(text.get()));
      return new SpoolState(number(file, p, "ackedSeq"), number(file, p, "droppedSamples"));
    } catch (IOException e) {
      throw new SpoolException(file, "cannot read the ack offset", e);
    }
  }

  void write(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      AtomicFiles.writeString(file, "ackedSeq=" + ackedSeq + "\ndroppedSamples=" + droppedSamples + "\n");
    } catch (IOException e) {
      throw new SpoolException(file, "cannot write the ack offset", e);
    }
  }

  private static long number(Path file, Properties p, String key) {
    String v = p.getProperty(key, "0").trim();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new SpoolException(file, "key " + key + " holds '" + v + "', not a number", e);
    }
  }
}
