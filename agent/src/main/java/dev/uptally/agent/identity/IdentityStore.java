package dev.uptally.agent.identity;

import dev.uptally.agent.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Device id, device token and the next sample seq, each in its own file in {@code stateDir}, each
 * replaced atomically (temp file, fsync, rename). The token file is owner-only (POSIX 600).
 *
 * <p>The device id is created once (a random UUID) and never changes while the state dir lives: it
 * is what makes the collector see the same device across restarts and re-enrollments. Not
 * thread-safe for concurrent writers; the agent writes from one thread at a time.
 */
public final class IdentityStore {

  static final String DEVICE_ID = "device-id";
  static final String DEVICE_TOKEN = "device-token";
  static final String NEXT_SEQ = "next-seq";
  static final String INVENTORY_HASH = "inventory-hash";

  private final Path dir;
  private final String deviceId;

  private IdentityStore(Path dir, String deviceId) {
    this.dir = dir;
    this.deviceId = deviceId;
  }

  /**
   * Opens (creating when needed) the state dir and the device id in it.
   *
   * @throws StateDirException naming the path when the directory cannot be created or written
   */
  public static IdentityStore open(Path stateDir) {
    ensureWritable(stateDir);
    Path idFile = stateDir.resolve(DEVICE_ID);
    try {
      Optional<String> existing = AtomicFiles.readString(idFile);
      if (existing.isPresent()) {
        return new IdentityStore(stateDir, parseId(idFile, existing.get()));
      }
      String id = UUID.randomUUID().toString();
      AtomicFiles.writeString(idFile, id);
      return new IdentityStore(stateDir, id);
    } catch (IOException e) {
      throw new StateDirException(stateDir, "cannot read or write " + idFile.getFileName(), e);
    }
  }

  /**
   * Fails with a message naming the directory when the agent could not keep state there; creates it
   * when missing.
   */
  public static void ensureWritable(Path stateDir) {
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new StateDirException(stateDir, "cannot create the directory", e);
    }
    Path probe = stateDir.resolve(".write-probe");
    try {
      Files.deleteIfExists(probe);
      Files.createFile(probe);
      Files.delete(probe);
    } catch (IOException e) {
      throw new StateDirException(stateDir, "is not writable", e);
    }
  }

  private static String parseId(Path file, String text) {
    try {
      return UUID.fromString(text).toString();
    } catch (IllegalArgumentException e) {
      throw new StateDirException(file.getParent(),
          file.getFileName() + " holds '" + text + "', not a UUID; remove it to enroll as a new device", e);
    }
  }

  public Path stateDir() {
    return dir;
  }

  public String deviceId() {
    return deviceId;
  }

  /** The device token from the last enrollment, or empty when the agent has to enroll. */
  public Optional<DeviceToken> token() {
    return read(DEVICE_TOKEN).filter(s -> !s.isBlank()).map(DeviceToken::new);
  }

  public void saveToken(DeviceToken token) {
    try {
      AtomicFiles.writeSecret(dir.resolve(DEVICE_TOKEN), token.value());
    } catch (IOException e) {
      throw new StateDirException(dir, "cannot write " + DEVICE_TOKEN, e);
    }
  }

  /** Forgets the token (the collector answered 401), so that the next start enrolls again. */
  public void clearToken() {
    try {
      Files.deleteIfExists(dir.resolve(DEVICE_TOKEN));
    } catch (IOException e) {
      throw new StateDirException(dir, "cannot delete " + DEVICE_TOKEN, e);
    }
  }

  /** The seq the next sample gets; 1 for a new device. */
  public long nextSeq() {
    Optional<String> text = read(NEXT_SEQ);
    if (text.isEmpty()) {
      return 1;
    }
    try {
      return Long.parseLong(text.get());
    } catch (NumberFormatException e) {
      throw new StateDirException(dir, NEXT_SEQ + " holds '" + text.get() + "', not a number", e);
    }
  }

  public void saveNextSeq(long nextSeq) {
    write(NEXT_SEQ, Long.toString(nextSeq));
  }

  /** Fingerprint of the inventory last handed to the collector, or empty before the first one. */
  public Optional<String> inventoryHash() {
    return read(INVENTORY_HASH);
  }

  public void saveInventoryHash(String hash) {
    write(INVENTORY_HASH, hash);
  }

  private Optional<String> read(String name) {
    try {
      return AtomicFiles.readString(dir.resolve(name));
    } catch (IOException e) {
      throw new StateDirException(dir, "cannot read " + name, e);
    }
  }

  private void write(String name, String text) {
    try {
      AtomicFiles.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new StateDirException(dir, "cannot write " + name, e);
    }
  }
}
