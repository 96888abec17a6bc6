package dev.uptally.config.collector;

import java.net.URI;
import java.util.List;

public record NotificationsConfig(List<Webhook> webhooks) {

  public static final NotificationsConfig NONE = new NotificationsConfig(List.of());

  /** Every event the collector sends (its outbox's types); a webhook may subscribe to these only. */
  public static final List<String> EVENTS = List.of("incident.opened", "incident.escalated", "incident.resolved",
      "violation.opened");

  public NotificationsConfig {
    webhooks = List.copyOf(webhooks);
  }

  /** @param secret HMAC-SHA256 key for the signature header; null: unsigned. Never printed. */
  public record Webhook(String name, URI url, List<String> events, String secret) {
    public Webhook {
      events = List.copyOf(events);
    }

    @Override
    public String toString() {
      return "Webhook[name=" + name + ", url=" + url + ", events=" + events + "]";
    }
  }
}
