#!/usr/bin/env python3
"""Verifies an Ieum certificate (an Open Badges 3.0 JWT-VC) with joserfc, an independent JOSE implementation.

    verify-credential.py CREDENTIAL.jwt JWKS.json REVOCATIONS.json [--mutations]

Exits 0 when the credential is valid: canonical base64url, an EdDSA signature by a key in the JWKS, claims that
agree with the credential (iss = issuer.id, jti = id, nbf in the past), and its id absent from the issuer's
revocation list. Exits 1 with the reason otherwise. With --mutations it also changes every character of the
credential in turn and exits 1 if any changed credential still verifies.
"""
import base64
import json
import sys
import time

from joserfc import jws
from joserfc.jwk import KeySet


def b64url_canonical(part: str) -> bytes:
    data = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    if base64.urlsafe_b64encode(data).decode().rstrip("=") != part:
        raise ValueError("not canonical base64url")
    return data


def verify(token: str, keys: KeySet, revoked: set) -> dict:
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("not a compact JWS")
    for part in parts:
        b64url_canonical(part)
    header = json.loads(b64url_canonical(parts[0]))
    if header.get("alg") != "EdDSA":
        raise ValueError("unexpected alg")
    result = jws.deserialize_compact(token, keys, algorithms=["EdDSA"])
    vc = json.loads(result.payload)
    if "OpenBadgeCredential" not in vc.get("type", []):
        raise ValueError("not an OpenBadgeCredential")
    if vc.get("iss") != vc["issuer"]["id"] or vc.get("jti") != vc.get("id"):
        raise ValueError("registered claims disagree with the credential")
    if vc.get("nbf", 0) > time.time() + 300:
        raise ValueError("not yet valid")
    if vc["credentialStatus"]["type"] != "1EdTechRevocationList":
        raise ValueError("unknown status method")
    if vc["id"] in revoked:
        raise ValueError("revoked")
    return vc


def main() -> int:
    token = open(sys.argv[1]).read().strip()
    keys = KeySet.import_key_set(json.load(open(sys.argv[2])))
    revoked = {entry["id"] for entry in json.load(open(sys.argv[3]))["revokedCredentials"]}
    try:
        vc = verify(token, keys, revoked)
    except Exception as error:  # joserfc raises its own error types; any failure means "not valid"
        print(f"INVALID: {error}")
        return 1
    if "--mutations" in sys.argv:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
        accepted = []
        for i, original in enumerate(token):
            for replacement in (alphabet[(alphabet.index(original) + 1) % len(alphabet)], alphabet[(alphabet.index(original) + 17) % len(alphabet)]):
                changed = token[:i] + replacement + token[i + 1:]
                try:
                    verify(changed, keys, revoked)
                    accepted.append(i)
                except Exception:
                    pass
        if accepted:
            print(f"INVALID CHECK: changed credentials still verified at positions {accepted[:10]}")
            return 1
        print(f"{2 * len(token)} changed copies all rejected")
    print(f"VALID: {vc['name']} for {vc['credentialSubject']['identifier'][0]['identityHash']}, issued by {vc['issuer']['name']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
