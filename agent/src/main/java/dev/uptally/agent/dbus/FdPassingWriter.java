package dev.uptally.agent.dbus;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.exceptions.MarshallingException;
import org.freedesktop.dbus.spi.message.AbstractOutputStreamMessageWriter;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/** Writes messages like dbus-java's own writer, attaching a message's descriptors to its bytes. */
final class FdPassingWriter extends AbstractOutputStreamMessageWriter {

  FdPassingWriter(AFUNIXSocketChannel socket, FdPassingSocketProvider provider) {
    super(socket, provider);
  }

  @Override
  protected void writeFileDescriptors(SocketChannel channel, List<FileDescriptor> fds) throws IOException {
    if (!(channel instanceof AFUNIXSocketChannel unix)) {
      return;
    }
    if (fds == null || fds.isEmpty()) {
      unix.setOutboundFileDescriptors((java.io.FileDescriptor[]) null);
      return;
    }
    java.io.FileDescriptor[] outbound = new java.io.FileDescriptor[fds.size()];
    try {
      for (int i = 0; i < outbound.length; i++) {
        outbound[i] = fds.get(i).toJavaFileDescriptor(getSocketProviderImpl());
      }
    } catch (MarshallingException e) {
      throw new IOException("cannot attach file descriptors " + fds + " to a D-Bus message", e);
    }
    unix.setOutboundFileDescriptors(outbound);
  }
}
