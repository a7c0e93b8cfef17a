#!/usr/bin/python3
"""Writes the RSA keys and X.509 certificates the message-signing tests use.

    scripts/make-signing-fixtures.py DIR

alice (PKCS#1 key, 2048 bits) and bob (PKCS#8 key, 3072 bits) are trusted; mallory's certificate
is in no store; expired's certificate ran out in 2021. Needs python3-cryptography. The files are
committed; run this only to replace them.
"""
import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

out = sys.argv[1]
os.makedirs(os.path.join(out, "store"), exist_ok=True)


def make(name, bits, key_format, serial, not_before, not_after, store):
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Celeriac Test"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Signing"),
        x509.NameAttribute(NameOID.COMMON_NAME, name),
        x509.NameAttribute(NameOID.EMAIL_ADDRESS, name + "@example.org"),
    ])
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(serial)
            .not_valid_before(not_before).not_valid_after(not_after)
            .sign(key, hashes.SHA256()))
    with open(os.path.join(out, name + ".key"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, key_format,
                                  serialization.NoEncryption()))
    pem = cert.public_bytes(serialization.Encoding.PEM)
    with open(os.path.join(out, name + ".pem"), "wb") as f:
        f.write(pem)
    if store:
        with open(os.path.join(out, "store", name + ".pem"), "wb") as f:
            f.write(pem)


start = datetime.datetime(2024, 1, 1)
far = datetime.datetime(2046, 1, 1)
pkcs1 = serialization.PrivateFormat.TraditionalOpenSSL
pkcs8 = serialization.PrivateFormat.PKCS8
make("alice", 2048, pkcs1, 0x0123456789ABCDEF0123, start, far, True)
make("bob", 3072, pkcs8, 4242, start, far, True)
make("mallory", 2048, pkcs1, 0x0123456789ABCDEF0123, start, far, False)
make("expired", 2048, pkcs1, 77, datetime.datetime(2020, 1, 1), datetime.datetime(2021, 1, 1), True)
