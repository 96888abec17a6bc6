package dev.uptally.collector.notify;

/**
 * One pending delivery of an outbox event to one webhook.
 *
 * @param attempts attempts made so far
 * @param payload the event's JSON, sent as the body byte for byte
 */
public record Delivery(String eventId, String webhook, int attempts, String type, long createdAtMillis, String payload) {}
