package dev.uptally.agent.heartbeat;

import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Inventory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decides when the inventory goes on the wire: only when it differs from the last one handed to the
 * collector (enrollment or a spooled sample). The fingerprint (SHA-256 of its JSON) is kept in the
 * state dir, so a restart does not resend an unchanged inventory. Not thread-safe.
 */
public final class InventoryTracker {

  private final IdentityStore identity;

  public InventoryTracker(IdentityStore identity) {
    this.identity = identity;
  }

  /** {@code current} when it differs from what the collector last got, else empty. */
  public Optional<Inventory> changed(Inventory current) {
    String hash = fingerprint(current);
    return identity.inventoryHash().filter(hash::equals).isPresent() ? Optional.empty() : Optional.of(current);
  }

  /** Remembers that {@code inventory} has been handed over (spooled or sent at enrollment). */
  public void reported(Inventory inventory) {
    identity.saveInventoryHash(fingerprint(inventory));
  }

  static String fingerprint(Inventory inventory) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.mapper().writeValueAsBytes(inventory));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
