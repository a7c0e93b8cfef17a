package dev.celeriac.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * {@link FilteringSslSocket} is an {@link SSLSocket} whose own socket is never connected: a method
 * of {@link Socket} or {@link SSLSocket} it does not override answers from that empty socket
 * instead of the real one. These tests read the methods from the JDK they run on, so a JDK that
 * adds one fails here, naming it, instead of in production.
 *
 * <p>{@link Object}'s methods are not checked: they are about the wrapper as an object. Identity
 * {@code equals} and {@code hashCode} are right for it, since amqp-client only ever holds the
 * wrapper, and {@code toString}, which is delegated, is redeclared by {@link Socket}.
 */
class FilteringSslSocketTest {

  /**
   * Methods of {@link Socket} and {@link SSLSocket} that {@link FilteringSslSocket} does not
   * override, by {@code Class.method(ParameterTypes)}, each with the reason that is safe.
   */
  private static final Map<String, String> NOT_DELEGATED =
      Map.of(
          "Socket.setSocketImplFactory(SocketImplFactory)",
          "static: it sets the JVM-wide factory for plain sockets; there is no instance to"
              + " delegate to, and TLS sockets do not use it");

  private static final List<Class<?>> DELEGATED_TYPES = List.of(SSLSocket.class, Socket.class);

  @Test
  void overridesEveryPublicAndProtectedMethodOfSocketAndSslSocket() {
    List<Method> methods = declaredMethods();
    assertThat(methods)
        .extracting(FilteringSslSocketTest::signature)
        .as("reads the methods of both classes")
        .contains("SSLSocket.startHandshake()", "Socket.getInputStream()");

    List<String> missing = new ArrayList<>();
    for (Method method : methods) {
      String signature = signature(method);
      if (!NOT_DELEGATED.containsKey(signature) && !overridden(method)) {
        missing.add(signature + describeIfNotOverridable(method));
      }
    }

    assertThat(missing)
        .as(
            "Methods of the running JDK's Socket/SSLSocket that FilteringSslSocket does not"
                + " delegate to the real socket. Override each to call the delegate; if it cannot"
                + " be overridden or the wrapper's own answer is right, add it to NOT_DELEGATED"
                + " with the reason")
        .isEmpty();
  }

  @Test
  void everyExemptionNamesAMethodTheJdkDeclaresAndFilteringSslSocketDoesNotOverride() {
    Map<String, Method> bySignature =
        declaredMethods().stream()
            .collect(Collectors.toMap(FilteringSslSocketTest::signature, m -> m));

    assertThat(bySignature)
        .as("no longer declared by the JDK")
        .containsKeys(NOT_DELEGATED.keySet().toArray(String[]::new));
    NOT_DELEGATED
        .keySet()
        .forEach(
            signature ->
                assertThat(overridden(bySignature.get(signature)))
                    .as("%s is overridden now: drop it from NOT_DELEGATED", signature)
                    .isFalse());
  }

  /** The public and protected methods {@link SSLSocket} and {@link Socket} declare. */
  private static List<Method> declaredMethods() {
    List<Method> methods = new ArrayList<>();
    for (Class<?> type : DELEGATED_TYPES) {
      for (Method method : type.getDeclaredMethods()) {
        int modifiers = method.getModifiers();
        boolean visible = Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
        if (visible && !method.isSynthetic() && !method.isBridge()) {
          methods.add(method);
        }
      }
    }
    return methods;
  }

  private static boolean overridden(Method method) {
    try {
      FilteringSslSocket.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static String describeIfNotOverridable(Method method) {
    int modifiers = method.getModifiers();
    if (Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
      return " ("
          + Modifier.toString(modifiers)
          + ": cannot be overridden; decide whether the"
          + " wrapper's answer is right)";
    }
    return "";
  }

  private static String signature(Method method) {
    return method.getDeclaringClass().getSimpleName()
        + "."
        + method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
