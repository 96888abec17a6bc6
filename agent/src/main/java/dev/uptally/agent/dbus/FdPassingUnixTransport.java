package dev.uptally.agent.dbus;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.freedesktop.dbus.connections.BusAddress;
import org.freedesktop.dbus.connections.SASL;
import org.freedesktop.dbus.connections.config.TransportConfig;
import org.freedesktop.dbus.connections.transports.AbstractUnixTransport;
import org.freedesktop.dbus.exceptions.TransportConfigurationException;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * A client connection to a bus at {@code unix:path=…} or {@code unix:abstract=…}, authenticated with
 * {@code EXTERNAL} (the peer credentials of the socket), negotiating file-descriptor passing where
 * junixsocket can do it. Listening (being a bus) is not supported: the agent is only ever a client.
 */
final class FdPassingUnixTransport extends AbstractUnixTransport {

  /** Bytes set aside per read for ancillary data: room for a few dozen descriptors. */
  private static final int ANCILLARY_BUFFER_BYTES = 1024;

  private final AFUNIXSocketAddress socketAddress;
  private AFUNIXSocketChannel channel;

  FdPassingUnixTransport(BusAddress address, TransportConfig config) throws TransportConfigurationException {
    super(address, config);
    this.socketAddress = socketAddress(address);
    getSaslConfig().setAuthMode(SASL.AUTH_EXTERNAL);
  }

  private static AFUNIXSocketAddress socketAddress(BusAddress address) throws TransportConfigurationException {
    String name;
    if (address.hasParameter("path")) {
      name = address.getParameterValue("path");
    } else if (address.hasParameter("abstract")) {
      name = '\0' + address.getParameterValue("abstract");
    } else {
      throw new TransportConfigurationException("bus address " + address + " names neither path= nor abstract=");
    }
    try {
      return AFUNIXSocketAddress.of(name.getBytes(StandardCharsets.UTF_8));
    } catch (SocketException e) {
      throw new TransportConfigurationException("bus address " + address + " is not a usable socket address", e);
    }
  }

  @Override
  protected boolean hasFileDescriptorSupport() {
    return AFSocket.supports(AFSocketCapability.CAPABILITY_FILE_DESCRIPTORS)
        && AFSocket.supports(AFSocketCapability.CAPABILITY_UNSAFE);
  }

  @Override
  protected SocketChannel connectImpl() throws IOException {
    if (getAddress().isListeningSocket()) {
      throw new IOException("the agent's D-Bus transport only connects; cannot listen on " + getAddress());
    }
    channel = AFUNIXSocketChannel.open();
    channel.configureBlocking(true);
    channel.connect(socketAddress);
    channel.setAncillaryReceiveBufferSize(ANCILLARY_BUFFER_BYTES);
    return channel;
  }

  @Override
  protected SocketChannel acceptImpl() throws IOException {
    throw new IOException("the agent's D-Bus transport does not accept connections");
  }

  @Override
  protected void bindImpl() throws IOException {
    throw new IOException("the agent's D-Bus transport does not listen");
  }

  @Override
  protected boolean isBound() {
    return false;
  }

  @Override
  public int getUid(SocketChannel socket) throws IOException {
    if (socket instanceof AFUNIXSocketChannel unix) {
      return (int) unix.getPeerCredentials().getUid();
    }
    throw new IOException("not a junixsocket channel: " + socket.getClass().getName());
  }

  @Override
  protected void closeTransport() throws IOException {
    if (channel != null && channel.isOpen()) {
      channel.close();
    }
  }
}
