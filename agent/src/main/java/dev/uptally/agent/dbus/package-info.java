/**
 * A D-Bus transport for UNIX sockets that passes file descriptors, plugged into dbus-java through its SPI
 * ({@code META-INF/services}). systemd-logind hands out an inhibitor lock as a file descriptor; the JDK's own
 * UNIX sockets cannot receive one (no {@code SCM_RIGHTS}), and dbus-java's transport for junixsocket is not
 * published for the dbus-java version the agent uses, so the agent carries these few classes on junixsocket.
 * Public only because {@link java.util.ServiceLoader} needs public providers; nothing else calls them.
 */
package dev.uptally.agent.dbus;
