package dev.uptally.common.protocol;

/** Answer to a successful enrollment: the device token to use from now on and the heartbeat interval. */
public record EnrollResponse(String deviceToken, String clientId, int intervalSeconds) {}
