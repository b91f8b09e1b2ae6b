"""Why a certificate was refused: expired, self-signed, wrong host, incomplete chain, or other.

Twisted reports every verification failure as the same OpenSSL line ("certificate verify
failed") and the X.509 error code is lost on the way. So, only after such a failure, one more
TLS handshake (no HTTP request) is made with the standard library, which trusts the same
OpenSSL default store (``SSL_CERT_FILE``/``SSL_CERT_DIR`` included) and exposes the code.
"""

from __future__ import annotations

import socket
import ssl

EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
SELF_SIGNED = "self_signed"
WRONG_HOST = "wrong_host"
INCOMPLETE_CHAIN = "incomplete_chain"
UNTRUSTED = "untrusted"
HANDSHAKE = "handshake"

# OpenSSL X509_V_ERR_* codes.
_CODES = {
    9: NOT_YET_VALID,
    10: EXPIRED,
    18: SELF_SIGNED,  # depth zero self-signed
    19: SELF_SIGNED,  # self-signed certificate in the chain
    2: INCOMPLETE_CHAIN,  # unable to get issuer certificate
    20: INCOMPLETE_CHAIN,  # unable to get local issuer certificate
    21: INCOMPLETE_CHAIN,  # unable to verify the first certificate
    62: WRONG_HOST,  # hostname mismatch
    64: WRONG_HOST,  # IP address mismatch
}


def detail_for_code(code: int) -> str:
    """The crawler's detail for an OpenSSL verification error code."""
    return _CODES.get(code, UNTRUSTED)


def diagnose(host: str, port: int, timeout: float) -> tuple[str, str]:
    """(detail, message) for the certificate of ``host:port``; blocking, run it in a thread."""
    context = ssl.create_default_context()
    try:
        with (
            socket.create_connection((host.strip("[]"), port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host.strip("[]")),
        ):
            return UNTRUSTED, "certificate verification failed (a second handshake succeeded)"
    except ssl.SSLCertVerificationError as exc:
        return detail_for_code(exc.verify_code), f"certificate verification failed: {exc.verify_message}"
    except ssl.SSLError as exc:
        return HANDSHAKE, f"TLS handshake failed: {exc.reason or exc}"
    except OSError as exc:
        return UNTRUSTED, f"certificate verification failed (diagnosis impossible: {exc})"
