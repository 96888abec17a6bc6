package dev.uptally.agent.dbus;

import java.nio.file.Path;
import java.util.UUID;
import org.freedesktop.dbus.connections.BusAddress;
import org.freedesktop.dbus.connections.config.TransportConfig;
import org.freedesktop.dbus.connections.transports.AbstractTransport;
import org.freedesktop.dbus.exceptions.TransportConfigurationException;
import org.freedesktop.dbus.spi.transport.ITransportProvider;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;

/** dbus-java's entry point for {@code unix:} bus addresses: hands out {@link FdPassingUnixTransport}s. */
public final class FdPassingTransportProvider implements ITransportProvider {

  @Override
  public String getTransportName() {
    return "uptally-fd-passing-unixsocket";
  }

  @Override
  public AbstractTransport createTransport(BusAddress address, TransportConfig config)
      throws TransportConfigurationException {
    if (!AFSocket.supports(AFSocketCapability.CAPABILITY_UNIX_DOMAIN)) {
      throw new TransportConfigurationException("UNIX domain sockets are not available here (junixsocket found no"
          + " native library for this OS and architecture); cannot connect to " + address);
    }
    return new FdPassingUnixTransport(address, config);
  }

  @Override
  public String getSupportedBusType() {
    return "UNIX";
  }

  /** Only used by dbus-java's embedded daemon, which the agent does not run. */
  @Override
  public String createDynamicSessionAddress(boolean listening) {
    Path socket = Path.of(System.getProperty("java.io.tmpdir"), "uptally-dbus-" + UUID.randomUUID());
    return "unix:path=" + socket + (listening ? ",listen=true" : "");
  }
}
