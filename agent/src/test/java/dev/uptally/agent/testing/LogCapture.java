package dev.uptally.agent.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what one class logs (the agent logs through {@link System.Logger}, which is java.util.logging here), with
 * the message formatted as an operator reads it. Close it to detach.
 */
public final class LogCapture extends Handler implements AutoCloseable {

  /** One formatted line and its level. */
  public record Line(Level level, String message) {}

  private final Logger logger;
  private final Level levelBefore;
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final List<Line> lines = new CopyOnWriteArrayList<>();

  public LogCapture(Class<?> source) {
    this(source.getName());
  }

  /** For a class that is not visible from the test, by its name. */
  public LogCapture(String loggerName) {
    this.logger = Logger.getLogger(loggerName);
    this.levelBefore = logger.getLevel();
    logger.setLevel(Level.ALL);
    setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Every line logged, DEBUG (FINE) ones included. */
  public List<Line> lines() {
    return List.copyOf(lines);
  }

  /** Lines at INFO or above: what an operator sees with the default configuration. */
  public List<String> visible() {
    return lines.stream().filter(l -> l.level().intValue() >= Level.INFO.intValue()).map(Line::message).toList();
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(new Line(record.getLevel(), formatter.formatMessage(record)));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(levelBefore);
  }
}
