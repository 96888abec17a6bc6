package dev.uptally.collector.lifecycle;

import dev.uptally.collector.fleet.TimedInventory;
import dev.uptally.common.protocol.Inventory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Derives hardware changes from a device's inventory history: between two consecutive inventories, drive serials
 * gone while new ones appeared are {@code drive-replaced} (paired in inventory order), the rest gone {@code
 * drive-removed} and new {@code drive-added}; a changed board serial or model is {@code board-replaced}. Drives without
 * a serial cannot be followed and are left out. Pure; thread-safe.
 */
public final class HardwareChanges {

  private HardwareChanges() {}

  /** Every change of the history, oldest first, with the corrections applied. */
  public static List<HardwareChange> of(String deviceId, List<TimedInventory> history,
      Map<String, Correction> corrections) {
    List<HardwareChange> out = new ArrayList<>();
    for (int i = 1; i < history.size(); i++) {
      for (HardwareChange c : between(deviceId, history.get(i - 1).inventory(), history.get(i))) {
        out.add(c.corrected(corrections.get(c.id())));
      }
    }
    return out;
  }

  /** The changes from {@code before} to {@code after}, uncorrected. */
  static List<HardwareChange> between(String deviceId, Inventory before, TimedInventory after) {
    List<HardwareChange> out = new ArrayList<>();
    long at = after.atMillis();
    Inventory now = after.inventory();
    Part boardBefore = board(before);
    Part boardAfter = board(now);
    if (boardBefore != null && boardAfter != null && (!Objects.equals(boardBefore.serial(), boardAfter.serial())
        || !Objects.equals(boardBefore.model(), boardAfter.model()))) {
      out.add(change(deviceId, at, HardwareChange.Kind.BOARD_REPLACED, boardBefore, boardAfter));
    }
    Map<String, Part> was = drives(before);
    Map<String, Part> is = drives(now);
    List<Part> gone = was.entrySet().stream().filter(e -> !is.containsKey(e.getKey())).map(Map.Entry::getValue)
        .toList();
    List<Part> fresh = is.entrySet().stream().filter(e -> !was.containsKey(e.getKey())).map(Map.Entry::getValue)
        .toList();
    int pairs = Math.min(gone.size(), fresh.size());
    for (int i = 0; i < pairs; i++) {
      out.add(change(deviceId, at, HardwareChange.Kind.DRIVE_REPLACED, gone.get(i), fresh.get(i)));
    }
    for (int i = pairs; i < gone.size(); i++) {
      out.add(change(deviceId, at, HardwareChange.Kind.DRIVE_REMOVED, gone.get(i), null));
    }
    for (int i = pairs; i < fresh.size(); i++) {
      out.add(change(deviceId, at, HardwareChange.Kind.DRIVE_ADDED, null, fresh.get(i)));
    }
    return out;
  }

  /** The inventory's drives with a serial, by serial, in inventory order. */
  static Map<String, Part> drives(Inventory inv) {
    Map<String, Part> out = new LinkedHashMap<>();
    if (inv == null) {
      return out;
    }
    for (Inventory.Drive d : inv.drives()) {
      if (d != null && d.serial() != null && !d.serial().isBlank()) {
        out.putIfAbsent(d.serial(), new Part(d.model(), d.serial(), d.sizeBytes()));
      }
    }
    return out;
  }

  private static Part board(Inventory inv) {
    if (inv == null || inv.hardware() == null || inv.hardware().serial() == null && inv.hardware().model() == null) {
      return null;
    }
    return new Part(inv.hardware().model(), inv.hardware().serial(), null);
  }

  private static HardwareChange change(String deviceId, long at, HardwareChange.Kind kind, Part removed, Part added) {
    String key = deviceId + "|" + at + "|" + kind.wireName() + "|" + (removed == null ? "" : removed.serial()) + "|"
        + (added == null ? "" : added.serial());
    return new HardwareChange(id(key), deviceId, at, kind, removed, added, kind.failureByDefault(), null);
  }

  private static String id(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
