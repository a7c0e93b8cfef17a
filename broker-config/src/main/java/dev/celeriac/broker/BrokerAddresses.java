package dev.celeriac.broker;

import dev.celeriac.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more broker URLs for failover, written as Celery writes them: separated by {@code ;}. All
 * must share credentials and virtual host, since one AMQP connection tries them in turn.
 */
public record BrokerAddresses(List<BrokerUrl> urls) {

  public BrokerAddresses {
    urls = List.copyOf(urls);
    ConfigurationException.require(!urls.isEmpty(), "at least one broker URL is required");
    BrokerUrl first = urls.getFirst();
    for (BrokerUrl url : urls) {
      ConfigurationException.require(
          url.username().equals(first.username())
              && url.password().equals(first.password())
              && url.virtualHost().equals(first.virtualHost())
              && url.tls() == first.tls(),
          "failover broker URLs must share scheme, credentials and virtual host; got "
              + url.masked()
              + " next to "
              + first.masked());
    }
  }

  /** Parses {@code amqp://h1//;amqp://h2//}. */
  public static BrokerAddresses parse(String text) {
    List<BrokerUrl> urls = new ArrayList<>();
    for (String part : (text == null ? "" : text).split(";")) {
      if (!part.isBlank()) {
        urls.add(BrokerUrl.parse(part));
      }
    }
    if (urls.isEmpty()) {
      urls.add(BrokerUrl.parse(text));
    }
    return new BrokerAddresses(urls);
  }

  /** The first URL: credentials, vhost and TLS for all of them. */
  public BrokerUrl primary() {
    return urls.getFirst();
  }

  /** All URLs with passwords masked, {@code ;}-separated. */
  public String masked() {
    return urls.stream().map(BrokerUrl::masked).collect(Collectors.joining(";"));
  }

  @Override
  public String toString() {
    return masked();
  }
}
