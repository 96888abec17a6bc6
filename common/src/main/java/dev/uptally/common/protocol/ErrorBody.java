package dev.uptally.common.protocol;

/** JSON body of every 4xx/5xx answer: one sentence naming what was wrong and where. */
public record ErrorBody(String error) {}
