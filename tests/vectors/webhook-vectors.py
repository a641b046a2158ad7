"""Stripe-Signature vectors computed independently of the Rust code, with Python's hmac.

Regenerate with: python3 tests/vectors/webhook-vectors.py > tests/vectors/webhook.json
"""
import hashlib
import hmac
import json

CASES = [
    ("whsec_test_secret", 1700000000, '{"id":"evt_1","object":"event"}'),
    ("whsec_another", 1712345678, '{"id":"evt_2","object":"event","data":{"object":{"name":"Caf\u00e9 \u65e5\u672c"}}}'),
    ("whsec_rolled_new", 1700000100, '{\n  "id": "evt_3",\n  "type": "checkout.session.completed"\n}'),
]

vectors = []
for secret, timestamp, payload in CASES:
    signed = f"{timestamp}.".encode() + payload.encode("utf-8")
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    vectors.append({"secret": secret, "timestamp": timestamp, "payload": payload,
                    "header": f"t={timestamp},v1={signature}"})
print(json.dumps(vectors, indent=2, ensure_ascii=False))
