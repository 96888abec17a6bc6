package dev.uptally.agent.dbus;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.spi.message.AbstractInputStreamMessageReader;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Reads messages like dbus-java's own reader and, after each, takes the descriptors that arrived with it
 * ({@code SCM_RIGHTS}, collected by junixsocket while the bytes were read). The receiver owns them:
 * whoever gets the message closes them (for logind's lock, closing it is how the lock is released).
 *
 * <p>junixsocket keeps the descriptors it received and closes them with the connection, by number. A
 * receiver that closed one earlier would then have a stranger's file closed under it when the number is
 * reused (the agent's spool segment, in a test). So each descriptor is duplicated, junixsocket's copy closed
 * at once, and only the duplicate, which nothing else knows of, is handed on.
 */
final class FdPassingReader extends AbstractInputStreamMessageReader {

  FdPassingReader(AFUNIXSocketChannel socket, FdPassingSocketProvider provider) {
    super(socket, provider);
  }

  @Override
  protected List<FileDescriptor> readFileDescriptors(SocketChannel channel) throws DBusException {
    if (!(channel instanceof AFUNIXSocketChannel unix)) {
      return null;
    }
    java.io.FileDescriptor[] received;
    try {
      received = unix.getReceivedFileDescriptors();
    } catch (IOException e) {
      throw new DBusException("cannot read the file descriptors sent with a D-Bus message", e);
    }
    if (received == null || received.length == 0) {
      return null; // dbus-java's contract: null when none came
    }
    List<FileDescriptor> fds = new ArrayList<>(received.length);
    for (java.io.FileDescriptor fd : received) {
      fds.add(new FileDescriptor(takeOver(fd)));
    }
    return fds;
  }

  /** A duplicate of {@code fd} that only the receiver knows; junixsocket's own is closed now. */
  private static int takeOver(java.io.FileDescriptor fd) throws DBusException {
    try {
      int own = FileDescriptorCast.duplicating(fd).as(Integer.class);
      new FileOutputStream(fd).close(); // closing the object junixsocket tracks makes its later close a no-op
      return own;
    } catch (IOException e) {
      throw new DBusException("cannot take over a file descriptor sent with a D-Bus message", e);
    }
  }
}
