/**
 * Message signing compatible with Celery's {@code auth} serializer ({@code app.setup_security()}):
 * {@link dev.celeriac.security.SecuritySettings} names the key, certificate, trusted certificates
 * and digest; {@link dev.celeriac.security.MessageSigning} signs and verifies task messages; {@link
 * dev.celeriac.security.AuthSerializer} is the wire format. See docs/security.md for what signing
 * protects and what it does not.
 */
package dev.celeriac.security;
