package dev.uptally.collector.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The collector's packages depend on each other one way: the storage interfaces belong to the packages that use them
 * ({@code fleet}, {@code incident}, {@code notify}), the backends ({@code store.*}) implement them, the failures every
 * layer may see sit in {@code store}, which depends on nothing, and the HTTP endpoints ({@code http}) use the queries
 * and views of {@code api} and the reports of {@code report}, never the other way. Read from the sources' imports and
 * qualified names; a cycle between any two packages fails the build, naming them.
 */
class PackageCyclesTest {

  private static final String ROOT = "dev.uptally.collector";
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern REFERENCE = Pattern.compile("(?<![\\w.])(dev\\.uptally\\.collector(?:\\.[a-z]\\w*)*)"
      + "\\.[A-Z]");

  @Test
  void noPackageReachesItselfThroughOthers() {
    Map<String, Set<String>> graph = dependencies(Path.of("src/main/java"));
    assertThat(graph).as("packages read").containsKeys(ROOT + ".fleet", ROOT + ".store.jdbc", ROOT + ".http",
        ROOT + ".api");
    assertThat(cycles(graph)).as("package cycles").isEmpty();
    assertThat(graph.getOrDefault(ROOT + ".store", Set.of())).as("store holds only the shared failures").isEmpty();
  }

  private static Map<String, Set<String>> dependencies(Path sources) {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        Matcher pkg = PACKAGE.matcher(text);
        if (!pkg.find()) {
          continue;
        }
        String from = pkg.group(1);
        Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher ref = REFERENCE.matcher(text);
        while (ref.find()) {
          if (!ref.group(1).equals(from)) {
            to.add(ref.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sources.toAbsolutePath(), e);
    }
    return graph;
  }

  /** Strongly connected components of more than one package (Tarjan). */
  private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> out = new ArrayList<>();
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, out);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }
}
