package dev.uptally.agent.dbus;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.spi.message.AbstractInputStreamMessageReader;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * Reads messages like dbus-java's own reader and, after each, takes the descriptors that arrived with it
 * ({@code SCM_RIGHTS}, collected by junixsocket while the bytes were read). The receiver owns them:
 * whoever gets the message closes them (for logind's lock, closing it is how the lock is released).
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
      getSocketProviderImpl().getFileDescriptorValue(fd).ifPresent(n -> fds.add(new FileDescriptor(n)));
    }
    return fds;
  }
}
