"""Which credentials the kubelet sends for an image, from a pull secret: user names only."""

import sys
from pathlib import Path

import pullsecret

path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / "examples" / "pull-secret.json")
image = sys.argv[2] if len(sys.argv) > 2 else "quay.io/repository-main/app:1"

document = pullsecret.parse(path.read_bytes(), source=str(path))
with pullsecret.keyring(document.configs) as ring:
    answer = ring.lookup_image(image)

print(f"the kubelet looks up {answer.lookup} and tries, in order:")
for credential in answer.credentials:
    print(f"  {credential.username} (key {credential.key}, from {credential.source})")
if not answer.credentials:
    print("  nothing: the pull is anonymous")
