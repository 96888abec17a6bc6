package dev.uptally.collector.metrics;

/** One written scrape: the exposition format's content type and the body. */
public record Scrape(String contentType, byte[] body) {}
