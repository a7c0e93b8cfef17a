package dev.celeriac.security;

import dev.celeriac.error.ConfigurationException;
import dev.celeriac.error.MessageSecurityException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The certificates whose signatures a worker trusts, by their {@link CertificateId}: Celery's
 * {@code FSCertStore}, loaded from the files a glob names ({@code security_cert_store}, e.g. {@code
 * /etc/ssl/certs/celery/*.pem}; a directory means every file in it).
 *
 * <p>Unlike Celery, which refuses to start when a certificate in the store has expired, an expired
 * certificate stays in the store and messages it signed are refused as {@code Expired certificate},
 * so a certificate that expires while workers run is handled the same way as one that had expired
 * before they started, and the reason a message was refused stays precise.
 *
 * <h2>Concurrency</h2>
 *
 * Immutable and thread-safe.
 */
public final class CertStore {

  private final Map<String, X509Certificate> certificates;

  CertStore(Map<String, X509Certificate> certificates) {
    this.certificates = Map.copyOf(certificates);
  }

  /**
   * The certificates in the files {@code glob} names.
   *
   * @throws ConfigurationException when it names no file, a file is not a PEM certificate, or two
   *     certificates have the same id
   */
  public static CertStore load(String glob) {
    Map<String, X509Certificate> loaded = new LinkedHashMap<>();
    for (Path file : files(glob)) {
      X509Certificate certificate;
      try {
        certificate = PemFiles.certificate(file);
      } catch (IOException | java.security.cert.CertificateException e) {
        throw new ConfigurationException(
            "security cert store (--security-cert-store, CELERIAC_SECURITY_CERT_STORE) holds "
                + file
                + ", which is not a readable PEM certificate ("
                + e.getMessage()
                + "); keep only PEM certificates in it or narrow the glob");
      }
      String id = CertificateId.of(certificate);
      ConfigurationException.require(
          loaded.putIfAbsent(id, certificate) == null,
          "Duplicate certificate: '"
              + id
              + "' in the security cert store ("
              + file
              + "); each issuer and serial number may appear once");
    }
    ConfigurationException.require(
        !loaded.isEmpty(),
        "security cert store (--security-cert-store, CELERIAC_SECURITY_CERT_STORE) '"
            + glob
            + "' names no certificate file; give a glob of the PEM certificates whose signatures"
            + " are trusted, e.g. /etc/ssl/certs/celery/*.pem");
    return new CertStore(loaded);
  }

  /**
   * The certificate with id {@code signer}, when it is valid at {@code now}.
   *
   * @throws MessageSecurityException {@code Unknown certificate} or {@code Expired certificate}
   */
  public X509Certificate trusted(String signer, Instant now) {
    X509Certificate certificate = certificates.get(signer);
    if (certificate == null) {
      throw new MessageSecurityException("Unknown certificate: '" + signer + "'");
    }
    if (!now.isBefore(certificate.getNotAfter().toInstant())) {
      throw new MessageSecurityException(
          "Expired certificate: '"
              + signer
              + "' (valid until "
              + certificate.getNotAfter().toInstant()
              + ")");
    }
    return certificate;
  }

  /** The ids of the trusted certificates. */
  public List<String> ids() {
    return List.copyOf(certificates.keySet());
  }

  /** The ids of the certificates that have expired at {@code now}. */
  public List<String> expired(Instant now) {
    List<String> ids = new ArrayList<>();
    certificates.forEach(
        (id, c) -> {
          if (!now.isBefore(c.getNotAfter().toInstant())) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** The files {@code glob} names, as Python's {@code glob.glob} finds them; sorted. */
  static List<Path> files(String glob) {
    Path whole = Path.of(glob).toAbsolutePath().normalize();
    if (Files.isDirectory(whole)) {
      whole = whole.resolve("*");
    }
    // The longest leading part without wildcards is where the search starts.
    Path base = whole.getRoot();
    int depth = 0;
    boolean wild = false;
    for (Path part : whole) {
      if (wild || part.toString().matches(".*[*?\\[{].*")) {
        wild = true;
        depth++;
      } else {
        base = base.resolve(part);
      }
    }
    if (!wild) {
      return Files.isRegularFile(whole) ? List.of(whole) : List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole);
    try (Stream<Path> found = Files.walk(base, depth)) {
      return found.filter(p -> Files.isRegularFile(p) && matcher.matches(p)).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
