package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTargetTest {

  private static void assertRefused(String target, String why) {
    assertThatThrownBy(() -> RequestTarget.parse(target)).as(target)
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("request target '" + target + "' is not served", why);
        });
  }

  @Test
  void targetsThatAreNotOriginFormAreRefused() {
    assertRefused("api/v1/devices", "must start with '/'");
    assertRefused("v1/enroll", "must start with '/'");
    assertRefused("metrics", "must start with '/'");
    assertRefused("http://127.0.0.1/api/v1/devices", "absolute-form");
    assertRefused("*", "must start with '/'");
    assertRefused("127.0.0.1:8420", "authority-form");
    assertRefused("", "must start with '/'");
  }

  @Test
  void spellingsThatCouldRouteDifferentlyOnceDecodedAreRefused() {
    assertRefused("//api/v1/devices", "empty segment");
    assertRefused("/api//v1/devices", "empty segment");
    assertRefused("/api/v1%2Fdevices", "%2F");
    assertRefused("/x/%2e%2e/api/v1/devices", "%2E");
    assertRefused("/x/%252e%252e/api", "%25");
    assertRefused("/api/v1/devices%00", "%00");
    assertRefused("/api\\v1", "backslash");
    assertRefused("/api/v1/./devices", "dot segment ('.')");
    assertRefused("/x/../api/v1/devices", "dot segment ('..')");
    assertRefused("/api/v1/devices%0a", "control character");
    assertRefused("/api/v1/devices#x", "fragment");
    assertRefused("/%zz", "not validly percent-encoded");
    assertRefused("/healthz?x=%zz", "not validly percent-encoded");
  }

  @Test
  void originFormIsDecodedOnceAndKeepsItsQuery() {
    RequestTarget t = RequestTarget.parse("/api/v1/devices?client=acme&state=down");
    assertThat(t.path()).isEqualTo("/api/v1/devices");
    assertThat(t.query()).isEqualTo(Map.of("client", List.of("acme"), "state", List.of("down")));
    assertThat(RequestTarget.parse("/%61pi/v1/devices").path()).as("an encoded letter is the same path")
        .isEqualTo("/api/v1/devices");
    assertThat(RequestTarget.parse("/assets/app.3f2c.js").path()).isEqualTo("/assets/app.3f2c.js");
    assertThat(RequestTarget.parse("/assets/..hidden").path()).isEqualTo("/assets/..hidden");
    assertThat(RequestTarget.parse("/portal/").path()).isEqualTo("/portal/");
    assertThat(RequestTarget.parse("/").path()).isEqualTo("/");
  }

  @Test
  void aLongTargetIsShortenedInTheMessage() {
    assertThatThrownBy(() -> RequestTarget.parse("x".repeat(1000))).hasMessageContaining("x".repeat(120) + "...'")
        .hasMessageNotContaining("x".repeat(121));
  }
}
