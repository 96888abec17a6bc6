package dev.uptally.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A position in the YAML tree: a node (or the absence of one) with its key path and line. Every
 * read reports problems to the {@link ReadContext} and returns a fallback (null or the default) so
 * that loading goes on and collects every problem in one pass.
 */
final class ConfigNode {

  private final Node node;
  private final String path;
  private final int line;
  private final ReadContext ctx;

  private ConfigNode(Node node, String path, int line, ReadContext ctx) {
    this.node = node;
    this.path = path;
    this.line = line;
    this.ctx = ctx;
  }

  static ConfigNode root(Node node, ReadContext ctx) {
    return new ConfigNode(node, "", YamlSource.line(node.getStartMark()), ctx);
  }

  String path() {
    return path;
  }

  int line() {
    return line;
  }

  ReadContext context() {
    return ctx;
  }

  /** Reports a problem at this key. */
  void problem(String message) {
    ctx.problem(line, path, message);
  }

  /** Reports a warning at this key: valid, loads, but probably not what was meant. */
  void warning(String message) {
    ctx.warning(line, path, message);
  }

  /** Absent, or written as {@code null} / {@code ~} / nothing. */
  boolean isAbsent() {
    return node == null || node.getTag().equals(Tag.NULL);
  }

  boolean isPresent() {
    return !isAbsent();
  }

  private String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The value of {@code key}; absent (with this node's line) when this node is absent or lacks the key. */
  ConfigNode get(String key) {
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          Node v = t.getValueNode();
          return new ConfigNode(v, childPath(key), YamlSource.line(k.getStartMark()), ctx);
        }
      }
    }
    return new ConfigNode(null, childPath(key), line, ctx);
  }

  /**
   * Checks this is a mapping (when present) whose keys are all in {@code allowed}; reports unknown
   * keys with a did-you-mean suggestion, and duplicate keys. Returns false when it is not a mapping.
   */
  boolean expectKeys(String... allowed) {
    if (isAbsent()) {
      return true;
    }
    if (!(node instanceof MappingNode)) {
      problem("expected a mapping (key: value, …), found " + describe());
      return false;
    }
    Set<String> known = Set.of(allowed);
    for (Map.Entry<String, ConfigNode> e : entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        e.getValue().problem("unknown key" + Suggestions.didYouMean(e.getKey(), known)
            + " (expected one of: " + String.join(", ", allowed) + ")");
      }
    }
    return true;
  }

  /** A mapping's entries in file order; reports a non-mapping and duplicate keys. */
  Map<String, ConfigNode> entries() {
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    if (isAbsent()) {
      return out;
    }
    if (!(node instanceof MappingNode m)) {
      problem("expected a mapping (key: value, …), found " + describe());
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        ctx.problem(YamlSource.line(t.getKeyNode().getStartMark()), path, "keys must be plain names, not lists or mappings");
        continue;
      }
      ConfigNode child = new ConfigNode(t.getValueNode(), childPath(k.getValue()), YamlSource.line(k.getStartMark()), ctx);
      if (out.putIfAbsent(k.getValue(), child) != null) {
        child.problem("duplicate key");
      }
    }
    return out;
  }

  /** Present and a mapping ({@code key: value} lines or {@code {k: v}}). */
  boolean isMapping() {
    return node instanceof MappingNode;
  }

  /** Present and a list ({@code [a, b]} or {@code - item} lines), possibly an empty one. */
  boolean isList() {
    return node instanceof SequenceNode;
  }

  /** A list's items (an absent list is empty); a scalar where a list is expected is reported. */
  List<ConfigNode> items() {
    List<ConfigNode> out = new ArrayList<>();
    if (isAbsent()) {
      return out;
    }
    if (!(node instanceof SequenceNode s)) {
      problem("expected a list ([a, b] or '- item' lines), found " + describe());
      return out;
    }
    List<Node> values = s.getValue();
    for (int i = 0; i < values.size(); i++) {
      Node v = values.get(i);
      out.add(new ConfigNode(v, path + "[" + i + "]", YamlSource.line(v.getStartMark()), ctx));
    }
    return out;
  }

  /** A scalar's text after {@code ${ENV}} substitution; null when absent, not a scalar, or unresolvable. */
  String text() {
    if (isAbsent()) {
      return null;
    }
    if (!(node instanceof ScalarNode s)) {
      problem("expected a single value, found " + describe());
      return null;
    }
    return EnvSubstitution.apply(s.getValue(), ctx.env(), this::problem);
  }

  String string(String fallback) {
    String t = text();
    return t == null ? fallback : t;
  }

  /** Reports "is required" when absent. */
  String required() {
    if (isAbsent()) {
      problem("is required");
      return null;
    }
    return text();
  }

  /** A list of scalars; a single scalar where a list is expected is reported. */
  List<String> strings() {
    List<String> out = new ArrayList<>();
    for (ConfigNode item : items()) {
      String t = item.text();
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** Parses the text with {@code parser}; an {@link IllegalArgumentException} becomes a problem. */
  <T> T parsed(Function<String, T> parser, T fallback) {
    String t = text();
    if (t == null) {
      return fallback;
    }
    try {
      return parser.apply(t.trim());
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      problem(e.getMessage());
      return fallback;
    }
  }

  Long integer(Long fallback, long min, long max) {
    Long v = parsed(t -> {
      try {
        return Long.parseLong(t.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + t + "' is not a whole number");
      }
    }, null);
    return v == null ? fallback : inRange(v, min, max) ? v : fallback;
  }

  private boolean inRange(long v, long min, long max) {
    if (v < min || v > max) {
      problem(v + " is out of range (expected " + min + ".." + max + ")");
      return false;
    }
    return true;
  }

  Double number(Double fallback) {
    return parsed(t -> {
      try {
        double d = Double.parseDouble(t);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + t + "' is not a number");
      }
    }, fallback);
  }

  Boolean bool(Boolean fallback) {
    return parsed(t -> switch (t) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("'" + t + "' is not a boolean (expected true or false)");
    }, fallback);
  }

  Duration duration(Duration fallback) {
    return parsed(t -> {
      try {
        return dev.uptally.common.time.Durations.parse(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + t + "' is not a duration (expected e.g. 30s, 15m, 4h, 2d)");
      }
    }, fallback);
  }

  Long bytes(Long fallback) {
    return parsed(ByteSizes::parse, fallback);
  }

  /** A path, resolved against the configuration file's directory when relative. */
  Path file(Path fallback) {
    Path p = parsed(Path::of, null);
    if (p == null) {
      return fallback == null ? null : ctx.baseDir().resolve(fallback).normalize();
    }
    return ctx.baseDir().resolve(p).normalize();
  }

  private String describe() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "a single value";
  }
}
