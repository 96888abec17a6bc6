package dev.uptally.collector.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The NOC dashboard from the classpath: {@code /} is {@code web/index.html}, {@code /x/y.js} is
 * {@code web/x/y.js}, and {@code /webjars/uplot/{version}/…} is the uPlot WebJar (the charting library,
 * cacheable because its path names its version). Files whose type is not known are not served; traversal
 * is refused (see {@link AssetPath}). Bytes are read once and kept in memory: the set of files is fixed
 * and small, and only files that exist are cached, so request paths cannot grow the cache.
 *
 * <p>Thread-safe. The returned {@link Asset#body()} is shared: callers must not modify it.
 */
public final class ClasspathStaticContent implements StaticContent {

  /** Classpath folder holding the dashboard. */
  public static final String WEB_ROOT = "web/";
  private static final int MAX_ASSET_BYTES = 16 * 1024 * 1024;

  private final ClassLoader loader;
  private final String webRoot;
  private final ConcurrentMap<String, Asset> cache = new ConcurrentHashMap<>();

  public ClasspathStaticContent() {
    this(ClasspathStaticContent.class.getClassLoader(), WEB_ROOT);
  }

  /** @param webRoot classpath folder ending in {@code /}, e.g. {@code web/} */
  ClasspathStaticContent(ClassLoader loader, String webRoot) {
    if (!webRoot.endsWith("/") || webRoot.startsWith("/")) {
      throw new IllegalArgumentException("web root must be a relative folder ending in '/': '" + webRoot + "'");
    }
    this.loader = loader;
    this.webRoot = webRoot;
  }

  @Override
  public Optional<Asset> find(String path) {
    Optional<AssetPath> resolved = AssetPath.resolve(path, webRoot);
    if (resolved.isEmpty()) {
      return Optional.empty();
    }
    AssetPath asset = resolved.get();
    Asset cached = cache.get(asset.resourceName());
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<String> contentType = ContentTypes.of(asset.fileName());
    if (contentType.isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> body = read(asset.resourceName());
    if (body.isEmpty()) {
      return Optional.empty();
    }
    Asset loaded = new Asset(body.get(), contentType.get(), asset.cacheable());
    Asset raced = cache.putIfAbsent(asset.resourceName(), loaded);
    return Optional.of(raced != null ? raced : loaded);
  }

  private Optional<byte[]> read(String resourceName) {
    URL url = loader.getResource(resourceName);
    if (url == null) {
      return Optional.empty();
    }
    try {
      URLConnection connection = url.openConnection();
      connection.setUseCaches(false); // keeps the jar file from being held open by the JDK's cache
      if (isDirectory(url, connection)) {
        return Optional.empty();
      }
      try (InputStream in = connection.getInputStream()) {
        byte[] bytes = in.readNBytes(MAX_ASSET_BYTES + 1);
        if (bytes.length > MAX_ASSET_BYTES) {
          throw new IllegalStateException("dashboard asset " + url + " is larger than " + MAX_ASSET_BYTES + " bytes");
        }
        return Optional.of(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard asset " + url, e);
    }
  }

  private static boolean isDirectory(URL url, URLConnection connection) throws IOException {
    if (connection instanceof JarURLConnection jar) {
      return jar.getJarEntry() == null || jar.getJarEntry().isDirectory();
    }
    if ("file".equals(url.getProtocol())) {
      try {
        return !Files.isRegularFile(Path.of(url.toURI()));
      } catch (URISyntaxException e) {
        throw new IOException("classpath URL is not a valid file URI: " + url, e);
      }
    }
    return false;
  }
}
