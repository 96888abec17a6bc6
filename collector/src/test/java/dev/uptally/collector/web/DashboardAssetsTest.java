package dev.uptally.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.web.StaticContent.Asset;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as the collector serves it: every file the page loads resolves, nothing needs an inline
 * script or style (the HTTP layer sends {@code Content-Security-Policy: default-src 'self'}), nothing
 * comes from another origin, and the hooks the browser test relies on exist.
 */
class DashboardAssetsTest {

  private static final Pattern HTML_REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"]*)\"");
  private static final Pattern JS_IMPORT = Pattern.compile("(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|^import\\s+)'([^']+)'",
      Pattern.MULTILINE);
  private static final StaticContent CONTENT = new ClasspathStaticContent();
  private static Set<String> served;

  @BeforeAll
  static void crawl() {
    served = crawlFrom("/");
  }

  @Test
  void everyFileThePageLoadsIsServed() {
    assertThat(served).contains("/", "/app.js", "/app.css", "/favicon.svg", "/webjars/uplot/1.6.30/dist/uPlot.esm.js",
        "/webjars/uplot/1.6.30/dist/uPlot.min.css", "/js/views/device.js", "/js/timeline.js", "/js/chart.js");
  }

  @Test
  void pageNeedsNoInlineScriptOrStyle() {
    String html = text("/");
    assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
        .doesNotContain("<style").doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=");
    for (String path : served) {
      if (path.endsWith(".js") && !path.startsWith("/webjars/")) {
        assertThat(text(path)).as(path)
            .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
            .doesNotContainPattern("\\beval\\(").doesNotContain("new Function")
            .doesNotContainPattern("setAttribute\\(\\s*'style'").doesNotContain("style: '");
      }
    }
  }

  @Test
  void theClientPortalLoadsOnlyServedFilesWithoutInlineScriptOrStyle() {
    Set<String> portal = crawlFrom("/portal/");
    assertThat(portal).contains("/portal/", "/portal/portal.js", "/portal/portal-model.js", "/portal/portal.css",
        "/js/api.js", "/js/dom.js");
    assertThat(text("/portal/")).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContain("<style")
        .doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=");
    for (String path : portal) {
      if (path.endsWith(".js")) {
        assertThat(text(path)).as(path).doesNotContain("innerHTML").doesNotContain("localStorage")
            .doesNotContain("method: 'POST'");
      }
    }
    assertThat(CONTENT.find("/status.css")).as("the status page's styles").isPresent();
  }

  @Test
  void nothingIsLoadedFromAnotherOrigin() {
    Pattern external = Pattern.compile("(?:https?:)?//(?!www\\.w3\\.org/2000/svg)[a-z0-9.-]+\\.[a-z]{2,}");
    for (String path : served) {
      if (!path.startsWith("/webjars/")) {
        assertThat(external.matcher(text(path)).find()).as("external reference in %s", path).isFalse();
      }
    }
  }

  @Test
  void browserTestHooksExist() {
    String all = String.join("\n", served.stream().filter(p -> !p.startsWith("/webjars/")).map(DashboardAssetsTest::text).toList());
    assertThat(all).contains("id: 'token'", "testid: 'signin-token'", "testid: 'signin-submit'",
        "testid: 'device-row'", "testid: 'device-search'", "id: 'timeline'", "testid: 'timeline'",
        "testid: 'incident-ack'", "testid: 'incident-resolve'", "testid: `notice-${kind}`");
  }

  @Test
  void tokenIsKeptInSessionStorageAndSentAsBearer() {
    String api = text("/js/api.js");
    assertThat(api).contains("sessionStorage.setItem").contains("Authorization = `Bearer ${bearer}`")
        .doesNotContain("localStorage").doesNotContain("document.cookie");
  }

  /** Follows HTML src/href and JS imports from a start path; fails on anything that does not resolve. */
  private static Set<String> crawlFrom(String start) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String path = queue.pop();
      if (!seen.add(path)) {
        continue;
      }
      Asset asset = CONTENT.find(path).orElseThrow(() -> new AssertionError("not served: " + path));
      for (String reference : references(path, asset)) {
        queue.add(URI.create(path).resolve(reference).getPath());
      }
    }
    return seen;
  }

  private static List<String> references(String path, Asset asset) {
    List<String> found = new ArrayList<>();
    if (asset.contentType().startsWith("text/html")) {
      collect(HTML_REFERENCE.matcher(new String(asset.body(), StandardCharsets.UTF_8)), found);
    } else if (asset.contentType().startsWith("text/javascript") && !path.startsWith("/webjars/")) {
      collect(JS_IMPORT.matcher(new String(asset.body(), StandardCharsets.UTF_8)), found);
    }
    return found;
  }

  private static void collect(Matcher matcher, List<String> into) {
    while (matcher.find()) {
      into.add(matcher.group(1));
    }
  }

  private static String text(String path) {
    return new String(CONTENT.find(path).orElseThrow().body(), StandardCharsets.UTF_8);
  }
}
