package dev.celeriac.protocol;

import java.util.Map;

/**
 * A message ready for the AMQP layer: a header table whose values are only {@code String}, {@code
 * Integer}, {@code Long}, {@code Double}, {@code Boolean}, {@code List}, {@code Map} or {@code
 * null}; the basic properties; the body bytes.
 */
public record EncodedMessage(Map<String, Object> headers, TaskProperties properties, byte[] body) {}
