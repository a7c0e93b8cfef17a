package dev.celeriac.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The signer id Celery puts in a signed message: the certificate's issuer and serial number, as
 * {@code Certificate.get_id()} writes them: the issuer's attribute values (no types) in the order
 * the certificate encodes them, joined by spaces, then a space and the serial number in decimal,
 * e.g. {@code GB Celeriac Test Signing alice alice@example.org 5373003642731685151011}.
 *
 * <p>The JDK writes names only as RFC 2253/1779 strings (reversed, escaped, some values as hex), so
 * the issuer's attributes are read in encoded order with Bouncy Castle.
 */
public final class CertificateId {

  private CertificateId() {}

  /** The id Celery gives {@code certificate}. */
  public static String of(X509Certificate certificate) {
    X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
    List<String> values = new ArrayList<>();
    for (RDN rdn : issuer.getRDNs()) {
      for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
        values.add(
            attribute.getValue() instanceof ASN1String s
                ? s.getString()
                : attribute.getValue().toString());
      }
    }
    return String.join(" ", values) + " " + certificate.getSerialNumber();
  }
}
