package dev.uptally.agent.power.logind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * systemd-logind as far as the agent uses it, on a test's bus: owns {@code org.freedesktop.login1}, answers
 * {@code Inhibit} with one end of a fresh socket pair (as logind answers with one end of a FIFO) and emits
 * {@code PrepareForSleep} when told.
 *
 * <p>Whether the agent still holds a lock is read from {@code /proc/self/fd} (Linux; the agent runs in this
 * JVM): the fake keeps its own copy of the end it handed out, so a second descriptor of the same socket open
 * in the process is the agent's copy, received through the bus.
 */
final class FakeLogind implements AutoCloseable {

  /** One {@code Inhibit} call as received. */
  record InhibitCall(String what, String who, String why, String mode) {}

  private final DBusConnection connection;
  private final List<InhibitCall> calls = new CopyOnWriteArrayList<>();
  private final List<AFUNIXSocketPair<AFUNIXSocketChannel>> handedOut = new CopyOnWriteArrayList<>();

  private FakeLogind(DBusConnection connection) {
    this.connection = connection;
  }

  static FakeLogind on(String busAddress) throws DBusException {
    DBusConnection c = DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
    FakeLogind fake = new FakeLogind(c);
    c.exportObject(Login1Manager.OBJECT_PATH, fake.new Manager());
    c.requestBusName(Login1Manager.BUS_NAME);
    return fake;
  }

  /** The exported object. */
  private final class Manager implements Login1Manager {
    @Override
    public FileDescriptor inhibit(String what, String who, String why, String mode) {
      calls.add(new InhibitCall(what, who, why, mode));
      try {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        handedOut.add(pair);
        return new FileDescriptor(fdNumber(pair.getSocket2()));
      } catch (IOException e) {
        throw new UncheckedIOException("fake logind cannot make a lock", e);
      }
    }

    @Override
    public String getObjectPath() {
      return Login1Manager.OBJECT_PATH;
    }
  }

  void prepareForSleep(boolean start) throws DBusException {
    connection.sendMessage(new Login1Manager.PrepareForSleep(Login1Manager.OBJECT_PATH, start));
  }

  List<InhibitCall> inhibitCalls() {
    return List.copyOf(calls);
  }

  /** How many of the locks handed out are still held by someone other than this fake. */
  int locksHeldByOthers() {
    int held = 0;
    for (AFUNIXSocketPair<AFUNIXSocketChannel> pair : handedOut) {
      if (openCopies(pair.getSocket2()) > 1) {
        held++;
      }
    }
    return held;
  }

  private static int fdNumber(AFUNIXSocketChannel channel) throws IOException {
    return FileDescriptorCast.using(channel.getFileDescriptor()).as(Integer.class);
  }

  /** Descriptors open in this process on the same socket as {@code channel} (its own included). */
  private static int openCopies(AFUNIXSocketChannel channel) {
    try {
      Path self = Path.of("/proc/self/fd");
      Path target = Files.readSymbolicLink(self.resolve(Integer.toString(fdNumber(channel))));
      List<Path> entries;
      try (Stream<Path> fds = Files.list(self)) {
        entries = new ArrayList<>(fds.toList());
      }
      int copies = 0;
      for (Path fd : entries) {
        try {
          if (Files.readSymbolicLink(fd).equals(target)) {
            copies++;
          }
        } catch (IOException e) {
          // closed between listing and reading (the directory's own descriptor, for one): not a copy
        }
      }
      return copies;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/fd", e);
    }
  }

  @Override
  public void close() throws IOException {
    connection.close();
    for (AFUNIXSocketPair<AFUNIXSocketChannel> pair : handedOut) {
      pair.close();
    }
  }
}
