package dev.celeriac.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the PEM files Celery's {@code security_key} and {@code security_certificate} name.
 *
 * <p>Keys come as openssl and Celery's docs make them: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), unencrypted, as Celery reads them without a password. The JDK
 * reads neither PEM nor PKCS#1, so Bouncy Castle's PEM parser does; certificates are read by the
 * JDK's {@link CertificateFactory}.
 */
final class PemFiles {

  private PemFiles() {}

  /**
   * The private key in {@code file}.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException when it holds no unencrypted private key
   */
  static PrivateKey privateKey(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o.getClass().getSimpleName().contains("Encrypted")) {
          throw new IllegalArgumentException(
              "the key is encrypted; Celery reads keys without a password, so neither does"
                  + " Celeriac (decrypt it: openssl rsa -in KEY -out PLAIN.key)");
        }
      }
    }
    throw new IllegalArgumentException(
        "no PEM private key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
  }

  /**
   * The first certificate in {@code file}.
   *
   * @throws IOException when it cannot be read
   * @throws CertificateException when it holds no PEM X.509 certificate
   */
  static X509Certificate certificate(Path file) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      var certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
      if (certificate instanceof X509Certificate x509) {
        return x509;
      }
      throw new CertificateException("not an X.509 certificate");
    }
  }
}
