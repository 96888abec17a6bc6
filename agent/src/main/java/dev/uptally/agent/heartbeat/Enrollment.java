package dev.uptally.agent.heartbeat;

import dev.uptally.agent.identity.DeviceToken;
import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.agent.transport.CollectorClient;
import dev.uptally.agent.transport.CollectorException;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.Inventory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Holds the device token: returns the stored one, or enrolls with the client's enrollment token
 * (sending the inventory) and stores the answer. After a 401 the token is forgotten and the next
 * call enrolls again with the same device id, which the collector allows. Not thread-safe.
 */
public final class Enrollment {

  private static final System.Logger LOG = System.getLogger(Enrollment.class.getName());

  /** What the collector needs to know about this device besides its id. */
  public record DeviceDescription(String hostname, DeviceClass deviceClass, String timezone, String agentVersion,
      Map<String, String> tags) {}

  private final IdentityStore identity;
  private final CollectorClient client;
  private final String enrollmentToken;
  private final Supplier<DeviceDescription> description;
  private final Supplier<Inventory> inventory;
  private final InventoryTracker tracker;
  private DeviceToken token;
  private Integer intervalSeconds;

  public Enrollment(IdentityStore identity, CollectorClient client, String enrollmentToken,
      Supplier<DeviceDescription> description, Supplier<Inventory> inventory, InventoryTracker tracker) {
    this.identity = identity;
    this.client = client;
    this.enrollmentToken = enrollmentToken;
    this.description = description;
    this.inventory = inventory;
    this.tracker = tracker;
    this.token = identity.token().orElse(null);
  }

  /** The device token, enrolling first when there is none. */
  public DeviceToken token(Duration timeout) throws CollectorException {
    if (token != null) {
      return token;
    }
    if (enrollmentToken == null || enrollmentToken.isBlank()) {
      throw new CollectorException(CollectorException.Kind.REJECTED, 0, null,
          "no device token in " + identity.stateDir() + " and no enrollmentToken configured to get one", null);
    }
    DeviceDescription d = description.get();
    Inventory inv = inventory.get();
    EnrollResponse answer = client.enroll(new EnrollRequest(identity.deviceId(), d.hostname(),
        d.deviceClass().wireName(), d.timezone(), d.agentVersion(), inv, d.tags()), enrollmentToken, timeout);
    if (answer.deviceToken() == null || answer.deviceToken().isBlank()) {
      throw new CollectorException(CollectorException.Kind.REJECTED, 200, null,
          "enrollment answer has no deviceToken", null);
    }
    token = new DeviceToken(answer.deviceToken());
    identity.saveToken(token);
    tracker.reported(inv);
    intervalSeconds = answer.intervalSeconds() > 0 ? answer.intervalSeconds() : null;
    LOG.log(Level.INFO, "enrolled device {0} with client {1} at {2}", identity.deviceId(), answer.clientId(),
        client.currentUrl());
    return token;
  }

  /** The collector no longer accepts the token (401): forget it, so that the next call enrolls. */
  public void tokenRejected() {
    token = null;
    identity.clearToken();
    LOG.log(Level.WARNING, "collector rejected the device token of {0}; enrolling again", identity.deviceId());
  }

  /** The interval from the last enrollment answer, consumed once. */
  public Integer takeIntervalSeconds() {
    Integer i = intervalSeconds;
    intervalSeconds = null;
    return i;
  }

  public String deviceId() {
    return identity.deviceId();
  }
}
