package dev.celeriac.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The local host name, as Celery uses it in node names and {@code origin}. */
public final class HostNames {

  private HostNames() {}

  /** The host name, or {@code localhost} when it cannot be determined. */
  public static String local() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
