package dev.uptally.agent.dbus;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import org.freedesktop.dbus.spi.message.IMessageReader;
import org.freedesktop.dbus.spi.message.IMessageWriter;
import org.freedesktop.dbus.spi.message.ISocketProvider;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * dbus-java asks every socket provider for a reader of each new connection; this one answers only for
 * connections made by {@link FdPassingUnixTransport} (junixsocket channels) and leaves others to dbus-java's
 * own. Converts between {@link FileDescriptor} objects and the descriptor numbers D-Bus messages carry.
 */
public final class FdPassingSocketProvider implements ISocketProvider {

  private static final System.Logger LOG = System.getLogger(FdPassingSocketProvider.class.getName());

  private volatile boolean fdPassing = true;

  @Override
  public IMessageReader createReader(SocketChannel socket) {
    return socket instanceof AFUNIXSocketChannel unix ? new FdPassingReader(unix, this) : null;
  }

  @Override
  public IMessageWriter createWriter(SocketChannel socket) {
    return socket instanceof AFUNIXSocketChannel unix ? new FdPassingWriter(unix, this) : null;
  }

  @Override
  public void setFileDescriptorSupport(boolean support) {
    fdPassing = support;
  }

  @Override
  public boolean isFileDescriptorPassingSupported() {
    return fdPassing && AFSocket.supports(AFSocketCapability.CAPABILITY_FILE_DESCRIPTORS)
        && AFSocket.supports(AFSocketCapability.CAPABILITY_UNSAFE);
  }

  @Override
  public Optional<Integer> getFileDescriptorValue(FileDescriptor fd) {
    try {
      return Optional.of(FileDescriptorCast.using(fd).as(Integer.class));
    } catch (IOException | ClassCastException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read the number of a received file descriptor", e);
      return Optional.empty();
    }
  }

  @Override
  public Optional<FileDescriptor> createFileDescriptor(int fd) {
    if (!AFSocket.supports(AFSocketCapability.CAPABILITY_UNSAFE)) {
      return Optional.empty();
    }
    try {
      return Optional.of(FileDescriptorCast.unsafeUsing(fd).getFileDescriptor());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot wrap file descriptor " + fd, e);
      return Optional.empty();
    }
  }
}
