package dev.celeriac.monitor;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The monitor's HTTP basic login. Names and passwords are compared as SHA-256 digests with {@link
 * MessageDigest#isEqual}, both always, so neither the time to answer nor an early exit reveals how
 * much of a guess was right or how long the real password is.
 *
 * <p><b>Concurrency:</b> immutable; safe for the request threads to share.
 */
final class Login extends BasicAuthenticator {

  private final byte[] user;
  private final byte[] pass;

  Login(String username, String password) {
    super("celeriac monitor", StandardCharsets.UTF_8);
    this.user = sha256(username);
    this.pass = sha256(password);
  }

  @Override
  public boolean checkCredentials(String username, String password) {
    boolean userOk = MessageDigest.isEqual(user, sha256(username));
    boolean passOk = MessageDigest.isEqual(pass, sha256(password));
    // Non-short-circuit: the password is checked even when the name is wrong.
    return userOk & passOk;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
