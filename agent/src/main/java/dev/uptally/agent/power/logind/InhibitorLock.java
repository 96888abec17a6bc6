package dev.uptally.agent.power.logind;

import dev.uptally.agent.dbus.FdPassingSocketProvider;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.exceptions.MarshallingException;

/**
 * One logind delay lock on sleep, held as the file descriptor logind returned: logind waits for its
 * holders before sleeping and stops waiting for one when the descriptor is closed. Release once; a
 * released lock stays released (logind's locks are not re-armed: a new one is taken after each wake).
 */
final class InhibitorLock implements AutoCloseable {

  private final FileDescriptor fd;
  private boolean released;

  InhibitorLock(FileDescriptor fd) {
    this.fd = fd;
  }

  /** Closes the descriptor: logind may go on with the sleep. Idempotent. */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    try (FileOutputStream closing = new FileOutputStream(fd.toJavaFileDescriptor(new FdPassingSocketProvider()))) {
      // the stream owns the descriptor now; closing it closes the lock
    } catch (MarshallingException e) {
      throw new IllegalStateException("cannot release logind inhibitor lock fd " + fd.getIntFileDescriptor(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release logind inhibitor lock fd " + fd.getIntFileDescriptor(), e);
    }
  }

  synchronized boolean released() {
    return released;
  }

  @Override
  public String toString() {
    return "logind sleep delay lock (fd " + fd.getIntFileDescriptor() + (released ? ", released)" : ")");
  }
}
