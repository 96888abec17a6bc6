package dev.uptally.collector.http;

import dev.uptally.collector.audit.AuditLog;
import dev.uptally.collector.api.FleetQueries;
import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.ingest.IngestService;
import dev.uptally.collector.limits.AuthFailureLimiter;
import dev.uptally.collector.metrics.IngestMetrics;
import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.collector.web.StaticContent;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ServerConfig;
import dev.uptally.config.collector.TlsConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The collector's HTTP server (Netty, NIO transport): agent ingest ({@code /v1/...}), the JSON API
 * ({@code /api/v1/...}), {@code /metrics}, {@code /healthz}, {@code /readyz} and the dashboard's
 * static files. This class is only the bootstrap and the route table; each concern of the pipeline is
 * its own handler (see {@link CollectorInitializer}). Work that may block (API queries, scrapes,
 * static lookups) runs on a small bounded executor; a full executor answers 503.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}; not restartable. Thread-safe.
 */
public final class CollectorServer implements AutoCloseable {

  public static final int MAX_INITIAL_LINE_BYTES = 4 * 1024;
  public static final int MAX_HEADER_BYTES = 16 * 1024;
  public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
  public static final int DEFAULT_MAX_SAMPLES = 1000;
  private static final int BLOCKING_QUEUE = 256;

  private static final System.Logger LOG = System.getLogger(CollectorServer.class.getName());

  private final ServerConfig server;
  private final HttpTimeouts timeouts;
  private final Routes routes;
  private final RejectionListener rejections;
  private final AuthFailureLimiter authFailures;
  private final TokenCheck tokenCheck;
  private final Clock clock;
  private final ExecutorService blocking;
  private final ChannelGroup channels = new DefaultChannelGroup("uptally-http", GlobalEventExecutor.INSTANCE);
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel serverChannel;
  private boolean closed;

  public CollectorServer(ServerConfig server, ApiConfig api, IngestService ingest, FleetQueries queries,
      MetricsEndpoint metrics, Clock clock) {
    this(builder(server, api, ingest, queries, metrics, clock));
  }

  /** For the optional parts: static content, timeouts, extra API routes. */
  public static Builder builder(ServerConfig server, ApiConfig api, IngestService ingest, FleetQueries queries,
      MetricsEndpoint metrics, Clock clock) {
    return new Builder(server, api, ingest, queries, metrics, clock);
  }

  private CollectorServer(Builder b) {
    if (b.server == null || b.server.host() == null || b.server.host().isBlank()) {
      throw new IllegalArgumentException("server.host must be set (e.g. listen: \"127.0.0.1:8420\")");
    }
    if (b.server.port() < 0 || b.server.port() > 65_535) {
      throw new IllegalArgumentException("server port " + b.server.port() + " is outside 0..65535");
    }
    this.server = b.server;
    this.timeouts = b.timeouts;
    this.clock = b.clock;
    this.blocking = b.blocking != null ? b.blocking : blockingPool();
    Routes.Builder table = Routes.builder();
    ApiConfig tokens = b.api == null ? new ApiConfig(List.of()) : b.api;
    ApiHandler api = new ApiHandler(tokens, b.queries, blocking, clock, b.clientIds, b.audit);
    new IngestEndpoints(b.ingest, b.metrics.ingestMetrics(), maxSamples(server)).register(table);
    new OpsEndpoints(b.ingest, b.metrics, server.metricsToken(), api::isClientScoped, blocking, b.audit)
        .register(table);
    api.register(table);
    if (b.audit != null) {
      new AuditEndpoints(b.audit, clock).register(api, table);
    }
    if (b.contracts != null) {
      new ContractEndpoints(b.contracts, clock, b.queries::hostname).register(api, table);
    }
    for (ApiRoutes extra : b.apiRoutes) {
      extra.register(api, table);
    }
    table.getFallback(new StaticEndpoint(b.staticContent, blocking));
    this.routes = table.build();
    this.rejections = ingestRejections(b.metrics.ingestMetrics());
    this.authFailures = new AuthFailureLimiter(server.rateLimits(), clock, b.metrics.meterRegistry(),
        server.metricsToken() != null);
    this.tokenCheck = new TokenCheck(b.ingest, timeouts.linger(), rejections, authFailures);
  }

  /**
   * Adds API routes beyond the built-in ones, e.g. operator POSTs:
   * {@code (api, routes) -> api.route(routes, "POST", "/api/v1/incidents/{id}/ack", Role.OPERATOR, ack)}.
   */
  @FunctionalInterface
  public interface ApiRoutes {
    void register(ApiHandler api, Routes.Builder routes);
  }

  /** Collects the server's optional parts; {@link #build()} validates and creates it (not yet started). */
  public static final class Builder {
    private final ServerConfig server;
    private final ApiConfig api;
    private final IngestService ingest;
    private final FleetQueries queries;
    private final MetricsEndpoint metrics;
    private final Clock clock;
    private final List<ApiRoutes> apiRoutes = new ArrayList<>();
    private StaticContent staticContent;
    private HttpTimeouts timeouts = HttpTimeouts.DEFAULTS;
    private ContractQueries contracts;
    private ExecutorService blocking;
    private Set<String> clientIds;
    private AuditLog audit;

    private Builder(ServerConfig server, ApiConfig api, IngestService ingest, FleetQueries queries,
        MetricsEndpoint metrics, Clock clock) {
      this.server = server;
      this.api = api;
      this.ingest = Objects.requireNonNull(ingest, "ingest");
      this.queries = Objects.requireNonNull(queries, "queries");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The dashboard's files; without them every GET no route takes answers 404. */
    public Builder staticContent(StaticContent content) {
      this.staticContent = content;
      return this;
    }

    public Builder timeouts(HttpTimeouts value) {
      this.timeouts = Objects.requireNonNull(value, "timeouts");
      return this;
    }

    /** Violations and incidents for {@link ContractEndpoints}; without them those routes are left out. */
    public Builder contracts(ContractQueries value) {
      this.contracts = Objects.requireNonNull(value, "contracts");
      return this;
    }

    /**
     * The configured clients' ids: an API {@code client} filter naming another answers 404. Without them any
     * {@code client} is taken (and matches nothing when unknown).
     */
    public Builder clients(Collection<String> ids) {
      this.clientIds = Set.copyOf(ids);
      return this;
    }

    /**
     * The audit log: refused API and metrics tokens are recorded in it, a release too, and {@code GET /api/v1/audit}
     * reads it. Without it (a standby, which may not write) nothing is recorded and that route is left out.
     */
    public Builder audit(AuditLog value) {
      this.audit = Objects.requireNonNull(value, "audit");
      return this;
    }

    public Builder apiRoutes(ApiRoutes routes) {
      apiRoutes.add(Objects.requireNonNull(routes, "routes"));
      return this;
    }

    /**
     * Runs the work that may block on {@code executor} instead of the server's own pool (tests: a direct executor,
     * so that a pipeline on an {@code EmbeddedChannel} answers on the test's thread). The server shuts it down.
     */
    Builder blockingExecutor(ExecutorService executor) {
      this.blocking = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public CollectorServer build() {
      return new CollectorServer(this);
    }
  }

  /**
   * Binds and starts accepting.
   *
   * @return the address actually bound (port 0 in the config picks a free port)
   * @throws IllegalStateException when plaintext would be served on a non-loopback address without
   *     {@code allowPlaintext}, or when the address cannot be bound
   */
  public synchronized InetSocketAddress start() {
    if (closed || serverChannel != null) {
      throw new IllegalStateException("collector HTTP server already started or closed");
    }
    requireSafeTransport(server);
    SslContext ssl = sslContext(server.tls());
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("uptally-http-accept"),
        NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("uptally-http-io"),
        NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(initializer(ssl));
    ChannelFuture binding = bootstrap.bind(server.host(), server.port()).awaitUninterruptibly();
    if (!binding.isSuccess()) {
      shutdownLoops();
      throw new IllegalStateException("cannot listen on " + server.host() + ":" + server.port() + ": "
          + binding.cause(), binding.cause());
    }
    serverChannel = binding.channel();
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    LOG.log(System.Logger.Level.INFO, "collector listening on " + (ssl == null ? "http" : "https") + "://"
        + bound.getHostString() + ":" + bound.getPort());
    return bound;
  }

  /**
   * Stops accepting, lets in-flight requests finish for at most {@link HttpTimeouts#shutdownGrace()},
   * closes idle connections at once, then stops the event loops. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
      for (Channel channel : channels) {
        channel.pipeline().fireUserEventTriggered(ConnectionGuard.DRAIN);
      }
      long graceMillis = timeouts.shutdownGrace().toMillis();
      if (!channels.newCloseFuture().awaitUninterruptibly(graceMillis)) {
        LOG.log(System.Logger.Level.WARNING, channels.size() + " connections still busy after "
            + graceMillis + " ms; closing them");
        channels.close().awaitUninterruptibly(1000);
      }
    }
    blocking.shutdown();
    shutdownLoops();
  }

  /** The route table, e.g. for a test that walks every API route. */
  public Routes routes() {
    return routes;
  }

  /** The per-connection pipeline of this server (also for tests that drive it on an {@code EmbeddedChannel}). */
  CollectorInitializer initializer(SslContext ssl) {
    return new CollectorInitializer(ssl, maxBody(server), timeouts, rejections,
        new RouterHandler(routes, clock, authFailures), channels, authFailures, tokenCheck, server.requestTimeout());
  }

  private static ThreadPoolExecutor blockingPool() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(BLOCKING_QUEUE), new DefaultThreadFactory("uptally-http-blocking", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private void shutdownLoops() {
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  static void requireSafeTransport(ServerConfig server) {
    if (server.tls() != null || server.allowPlaintext() || isLoopback(server.host())) {
      return;
    }
    throw new IllegalStateException("refusing to serve plaintext HTTP on non-loopback address '" + server.host()
        + "': agents' tokens would cross the network unencrypted. Configure server.tls {certFile, keyFile}, "
        + "or listen on 127.0.0.1 behind a TLS proxy, or set server.allowPlaintext: true if the network is "
        + "trusted.");
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve server.host '" + host + "': " + e.getMessage(), e);
    }
  }

  private static SslContext sslContext(TlsConfig tls) {
    if (tls == null) {
      return null;
    }
    try {
      SslContextBuilder builder = SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile());
      if (tls.clientCaFile() != null) {
        builder.trustManager(tls.clientCaFile().toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot set up TLS from certFile " + tls.certFile() + ", keyFile "
          + tls.keyFile() + (tls.clientCaFile() == null ? "" : ", clientCaFile " + tls.clientCaFile())
          + " (PEM files expected; the key in PKCS#8): " + e.getMessage(), e);
    }
  }

  private static int maxBody(ServerConfig server) {
    long max = server.maxBodyBytes() <= 0 ? DEFAULT_MAX_BODY_BYTES : server.maxBodyBytes();
    if (max > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException("server.maxBodyBytes " + max + " is too large (at most 2 GiB)");
    }
    return (int) max;
  }

  private static int maxSamples(ServerConfig server) {
    return server.maxSamplesPerRequest() <= 0 ? DEFAULT_MAX_SAMPLES : server.maxSamplesPerRequest();
  }

  private static RejectionListener ingestRejections(IngestMetrics metrics) {
    return (path, status, reason) -> {
      if (TokenPaths.ENROLL.equals(path)) {
        metrics.refused(IngestMetrics.ENROLL, status, reason);
      } else if (TokenPaths.HEARTBEATS.equals(path)) {
        metrics.refused(IngestMetrics.HEARTBEATS, status, reason);
      }
    };
  }
}
