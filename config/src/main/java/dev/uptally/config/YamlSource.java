package dev.uptally.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a configuration file into a YAML node tree, refusing hostile input before it can cost
 * anything: files over 1 MiB, nesting deeper than 32, more than 50 aliases to collections (alias
 * bombs), recursive keys, and any tag outside the plain YAML types. Nothing is ever constructed
 * from a tag: only the node tree is built, and {@link ConfigNode} reads it.
 */
final class YamlSource {

  static final int MAX_FILE_BYTES = 1024 * 1024;
  static final int MAX_DEPTH = 32;
  static final int MAX_ALIASES = 50;

  private static final Set<Tag> PLAIN_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.ENV_TAG);

  private YamlSource() {}

  /** The document's root node, or empty after reporting why the file cannot be read. */
  static Optional<Node> read(Path file, ReadContext ctx) {
    Optional<String> text = readText(file, ctx);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    LoadSettings settings = LoadSettings.builder()
        .setLabel(ctx.fileName())
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(false)
        .setAllowDuplicateKeys(false)
        .setCodePointLimit(MAX_FILE_BYTES)
        .setUseMarks(true)
        .build();
    try {
      if (!structureWithinLimits(settings, text.get(), ctx)) {
        return Optional.empty();
      }
      Optional<Node> root = new Compose(settings).composeString(text.get());
      if (root.isEmpty()) {
        ctx.problem(0, "", "the file is empty");
        return Optional.empty();
      }
      return plainTagsOnly(root.get(), ctx) ? root : Optional.empty();
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      ctx.problem(line, "", "not valid YAML: " + firstLine(e.getProblem()));
      return Optional.empty();
    } catch (YamlEngineException e) {
      ctx.problem(0, "", "refused: " + explain(e.getMessage()));
      return Optional.empty();
    }
  }

  private static Optional<String> readText(Path file, ReadContext ctx) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      ctx.problem(0, "", "no such file: " + file.toAbsolutePath());
      return Optional.empty();
    } catch (IOException e) {
      ctx.problem(0, "", "cannot read " + file.toAbsolutePath() + ": " + e);
      return Optional.empty();
    }
    if (bytes.length > MAX_FILE_BYTES) {
      ctx.problem(0, "", "refused: the file is larger than " + MAX_FILE_BYTES + " bytes (1 MiB)");
      return Optional.empty();
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString());
    } catch (CharacterCodingException e) {
      ctx.problem(0, "", "the file is not UTF-8 text");
      return Optional.empty();
    }
  }

  /**
   * Streams parser events (no recursion) so that a deep document or an alias bomb is refused, with
   * its line, before anything is composed.
   */
  private static boolean structureWithinLimits(LoadSettings settings, String text, ReadContext ctx) {
    int depth = 0;
    int aliases = 0;
    for (Event e : new Parse(settings).parseString(text)) {
      switch (e.getEventId()) {
        case Alias -> {
          aliases++;
          if (aliases > MAX_ALIASES) {
            ctx.problem(line(e.getStartMark()), "", "refused: more than " + MAX_ALIASES
                + " aliases (*name); a document that multiplies itself through aliases is an alias bomb");
            return false;
          }
        }
        case MappingStart, SequenceStart -> {
          depth++;
          if (depth > MAX_DEPTH) {
            ctx.problem(line(e.getStartMark()), "", "refused: nesting deeper than " + MAX_DEPTH + " levels");
            return false;
          }
        }
        case MappingEnd, SequenceEnd -> depth--;
        default -> { }
      }
    }
    return true;
  }

  private static boolean plainTagsOnly(Node root, ReadContext ctx) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
    todo.push(root);
    boolean ok = true;
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!seen.add(n)) {
        continue;
      }
      if (!PLAIN_TAGS.contains(n.getTag())) {
        ctx.problem(line(n.getStartMark()), "", "refused: the tag '" + n.getTag().getValue()
            + "' is not allowed (only plain strings, numbers, booleans, null, lists and mappings)");
        ok = false;
      }
      if (n instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          todo.push(t.getKeyNode());
          todo.push(t.getValueNode());
        }
      } else if (n instanceof SequenceNode s) {
        s.getValue().forEach(todo::push);
      }
    }
    return ok;
  }

  static int line(Optional<Mark> mark) {
    return mark.map(m -> m.getLine() + 1).orElse(0);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String explain(String message) {
    String m = firstLine(message);
    if (m.contains("aliases")) {
      return "more than " + MAX_ALIASES + " aliases to lists or mappings (an alias bomb?): " + m;
    }
    if (m.contains("code point")) {
      return "the document is larger than " + MAX_FILE_BYTES + " characters";
    }
    return m;
  }
}
