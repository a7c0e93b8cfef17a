package dev.celeriac.cli;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.BrokerUrl;
import dev.celeriac.embedded.EmbeddedBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The demo's choice of broker: the one named or found, else the embedded one. */
final class DemoBroker {

  private static final int PROBE_TIMEOUT_MILLIS = 1000;

  private DemoBroker() {}

  /**
   * Starts the embedded broker on a free loopback port when no broker was named and nothing listens
   * at the default address; returns null when the configured broker is to be used.
   */
  static EmbeddedBroker startEmbeddedIfNeeded(
      BrokerSettings settings, boolean named, PrintWriter out) {
    if (named || settings.addresses().urls().stream().anyMatch(DemoBroker::listening)) {
      return null;
    }
    out.println(
        "No broker at "
            + settings.addresses().masked()
            + " and none named (--broker, CELERIAC_BROKER_URL):");
    out.println(
        "starting the embedded broker in this process (Apache Qpid Broker-J, messages in memory)");
    out.flush();
    long started = System.nanoTime();
    EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.options().port(0));
    out.printf(
        "embedded broker listening on %s (started in %.1f s)%n",
        BrokerUrl.parse(broker.url()).masked(), (System.nanoTime() - started) / 1e9);
    out.flush();
    return broker;
  }

  /** Whether something accepts TCP connections at the URL's address. */
  private static boolean listening(BrokerUrl url) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.host(), url.port()), PROBE_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
