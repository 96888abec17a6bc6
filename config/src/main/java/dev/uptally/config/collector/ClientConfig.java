package dev.uptally.config.collector;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A client (tenant) of the MSP. {@link #toString()} never shows enrollment tokens.
 *
 * @param statusPage the client's public status page, null when the client has none (the default: it is opt-in)
 */
public record ClientConfig(String id, String name, ZoneId timezone, String contract, List<String> enrollmentTokens,
    StatusPage statusPage) {

  public ClientConfig {
    enrollmentTokens = List.copyOf(enrollmentTokens);
  }

  /** A client without a public status page. */
  public ClientConfig(String id, String name, ZoneId timezone, String contract, List<String> enrollmentTokens) {
    this(id, name, timezone, contract, enrollmentTokens, null);
  }

  /**
   * {@code clients[].statusPage}: the client's public status page at {@code /status/{slug}}, served without a token,
   * aggregates only.
   *
   * @param slug {@value #SLUG_RULE}, unique across clients
   */
  public record StatusPage(String slug) {
    public static final String SLUG_RULE = "3 to 64 of a-z, 0-9 and '-'";
    public static final Pattern SLUG = Pattern.compile("[a-z0-9-]{3,64}");

    public StatusPage {
      Objects.requireNonNull(slug, "slug");
      if (!SLUG.matcher(slug).matches()) {
        throw new IllegalArgumentException("status page slug '" + slug + "' is not " + SLUG_RULE);
      }
    }

    /** The page's path on the collector. */
    public String path() {
      return "/status/" + slug;
    }
  }

  @Override
  public String toString() {
    return "ClientConfig[id=" + id + ", name=" + name + ", timezone=" + timezone + ", contract=" + contract
        + ", enrollmentTokens=" + enrollmentTokens.size()
        + (statusPage == null ? "" : ", statusPage=" + statusPage.slug()) + "]";
  }
}
