package dev.uptally.agent.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Small state files written so that a crash at any instant leaves either the old or the new content:
 * the bytes go to a temp file in the same directory, which is fsynced and then renamed over the
 * target; the directory is fsynced afterwards where the platform allows it (POSIX).
 *
 * <p>Thread-safe as long as two threads never write the same target at once.
 */
public final class AtomicFiles {

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private AtomicFiles() {}

  /** Replaces {@code target} with {@code text} (UTF-8), readable by everyone who may read the directory. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8), false);
  }

  /**
   * Replaces {@code target} with {@code text}; the file is created owner-only (POSIX {@code 600}) so
   * that no other user ever sees the content, not even between create and chmod.
   */
  public static void writeSecret(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** The file's content (UTF-8, trimmed), or empty when it does not exist. */
  public static Optional<String> readString(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
  }

  /** Whether files created by {@link #writeSecret} get POSIX owner-only permissions. */
  public static boolean posix() {
    return POSIX;
  }

  private static void write(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    FileAttribute<?>[] attrs = ownerOnly && POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    try (FileChannel ch = FileChannel.open(temp,
        java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDirectory(dir);
  }

  /** Makes a rename or delete in {@code dir} durable; a no-op where directories cannot be opened (Windows). */
  public static void fsyncDirectory(Path dir) throws IOException {
    if (!POSIX) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
