package dev.uptally.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.web.StaticContent.Asset;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClasspathStaticContentTest {

  @TempDir Path root;
  private URLClassLoader loader;
  private ClasspathStaticContent content;

  @BeforeEach
  void writeSite() throws IOException {
    write("web/index.html", "<!doctype html><title>t</title>");
    write("web/js/app.js", "export const x = 1;");
    write("web/app.css", "body{}");
    write("web/notes.md", "# not served");
    write("web/.env", "SECRET=1");
    write("secret.txt", "outside the web root");
    loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    content = new ClasspathStaticContent(loader, "web/");
  }

  @Test
  void rootServesIndexHtml() {
    Asset asset = content.find("/").orElseThrow();
    assertThat(text(asset)).contains("<title>t</title>");
    assertThat(asset.contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(asset.cacheable()).isFalse();
  }

  @Test
  void contentTypeFollowsTheExtension() {
    assertThat(content.find("/js/app.js").orElseThrow().contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(content.find("/app.css").orElseThrow().contentType()).isEqualTo("text/css; charset=utf-8");
  }

  @Test
  void filesOfUnknownTypeAreNotServed() {
    assertThat(content.find("/notes.md")).isEmpty();
  }

  @Test
  void missingFileIsEmpty() {
    assertThat(content.find("/nope.js")).isEmpty();
  }

  @Test
  void directoriesAreNotServed() {
    assertThat(content.find("/js")).isEmpty();
    assertThat(content.find("/js/")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/js/..%2f..%2fsecret.txt",
      "/%252e%252e/secret.txt", "/..\\secret.txt", "/js%5c..%5c..%5csecret.txt", "//secret.txt", "/.env",
      "/index.html%00.js", "/%", "/%zz", "secret.txt", "", "/js/./app.js"})
  void traversalAndOddSpellingsAreRefused(String path) {
    assertThat(content.find(path)).isEmpty();
  }

  @Test
  void nullPathIsRefused() {
    assertThat(content.find(null)).isEmpty();
  }

  @Test
  void percentEncodedPlainPathIsServed() {
    assertThat(content.find("/js/app%2Ejs")).isPresent();
  }

  @Test
  void bytesAreKeptInMemoryAfterTheFirstRead() throws IOException {
    byte[] first = content.find("/js/app.js").orElseThrow().body();
    Files.delete(root.resolve("web/js/app.js"));
    assertThat(content.find("/js/app.js").orElseThrow().body()).isEqualTo(first);
  }

  @Test
  void servesFromAJarButNotItsDirectoryEntries() throws IOException {
    Path jar = root.resolve("site.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("web/"));
      out.putNextEntry(new JarEntry("web/js/"));
      out.putNextEntry(new JarEntry("web/js/app.js"));
      out.write("export const fromJar = true;".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    try (URLClassLoader jarLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ClasspathStaticContent fromJar = new ClasspathStaticContent(jarLoader, "web/");
      assertThat(text(fromJar.find("/js/app.js").orElseThrow())).contains("fromJar");
      assertThat(fromJar.find("/js")).isEmpty();
    }
  }

  @Test
  void chartLibraryIsServedFromItsWebJarAndIsCacheable() {
    ClasspathStaticContent real = new ClasspathStaticContent();
    Asset uplot = real.find("/webjars/uplot/1.6.30/dist/uPlot.esm.js").orElseThrow();
    assertThat(uplot.contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(uplot.cacheable()).isTrue();
    assertThat(text(uplot)).contains("export");
    assertThat(text(real.find("/webjars/uplot/1.6.30/LICENSE").orElseThrow())).contains("MIT");
  }

  @Test
  void otherWebJarsAndMetaInfStayPrivate() {
    ClasspathStaticContent real = new ClasspathStaticContent();
    assertThat(real.find("/webjars/uplot/1.6.30")).isEmpty();
    assertThat(real.find("/webjars/other/1.0/x.js")).isEmpty();
    assertThat(real.find("/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js")).isEmpty();
  }

  @Test
  void webRootMustBeARelativeFolder() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClasspathStaticContent(loader, "/web"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/web'");
  }

  private void write(String name, String body) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String text(Asset asset) {
    return new String(asset.body(), StandardCharsets.UTF_8);
  }
}
