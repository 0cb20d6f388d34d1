#!/usr/bin/env bash
# Build the x509-limbo suite from a checkout of C2SP/x509-limbo and run it
# through `nbtls verify` (and, with --references, through `openssl verify`
# and pyca/cryptography for comparison). Not part of CI: it needs a limbo
# checkout and Python packages from PyPI. See tests/x509/README.md.
#
# usage: tests/x509/limbo.sh [options] LIMBO_CHECKOUT [NBTLS_PROGRAM]
#   --work DIR        scratch directory (default: a new one under /tmp); holds the
#                     venv, limbo.json, results-*.json, summary-*.json, log-*.txt
#   --bettertls DIR   a checkout of Netflix/bettertls: its `export-tests` (built with
#                     Go) gives limbo/_assets/bettertls.json when the limbo checkout
#                     lacks it (git LFS or a partial snapshot)
#   --references      also run the openssl and cryptography backends
#   --jobs N          parallel cases (default 2)
#   -- ARGS...        extra arguments for limbo_harness.py (e.g. --nbtls-arg=--budget=1)
# Without NBTLS_PROGRAM only the suite is built (and --references run).
# Exit status: that of the nbtls run (1 if a case had no verdict), else 0.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work="" bettertls="" refs=0 jobs=2 extra=() pos=()
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work=$2; shift 2 ;;
    --bettertls) bettertls=$2; shift 2 ;;
    --references) refs=1; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "limbo.sh: unknown option $1" >&2; exit 2 ;;
    *) pos+=("$1"); shift ;;
  esac
done
[ ${#pos[@]} -ge 1 ] && [ ${#pos[@]} -le 2 ] || { sed -n '2,18p' "$0" >&2; exit 2; }
limbo=$(cd "${pos[0]}" && pwd)
nbtls=${pos[1]:-}
[ -f "$limbo/limbo/_cli.py" ] || { echo "limbo.sh: $limbo is not an x509-limbo checkout" >&2; exit 2; }
[ -z "$nbtls" ] || [ -x "$nbtls" ] || { echo "limbo.sh: $nbtls is not executable" >&2; exit 2; }
[ -n "$work" ] || work=$(mktemp -d /tmp/nbtls-limbo.XXXXXX)
mkdir -p "$work"
work=$(cd "$work" && pwd)
echo "limbo.sh: working in $work"

# 1. A private copy of the limbo sources (the checkout is left untouched).
rm -rf "$work/src"
mkdir -p "$work/src"
(cd "$limbo" && tar cf - --exclude=.git --exclude=target --exclude=.venv .) | (cd "$work/src" && tar xf -)
echo "limbo.sh: limbo $(cd "$limbo" && git rev-parse --short HEAD 2>/dev/null || echo '(not a git checkout)')"

# 2. BetterTLS's exported tests: from the checkout, else from a BetterTLS build.
assets="$work/src/limbo/_assets"
is_json() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
if [ -f "$assets/bettertls.json" ] && is_json "$assets/bettertls.json"; then
  echo "limbo.sh: using the checkout's limbo/_assets/bettertls.json"
elif [ -n "$bettertls" ]; then
  echo "limbo.sh: building BetterTLS export-tests from $bettertls"
  (cd "$bettertls" && go build -C test-suites/cmd/bettertls/ -o "$work/bettertls-bin")
  "$work/bettertls-bin" export-tests > "$assets/bettertls.json"
else
  echo "limbo.sh: WARNING: no bettertls.json and no --bettertls DIR: the bettertls" \
       "namespace (~9,500 cases) is left out of the suite" >&2
  python3 - "$assets" <<'EOF'
import base64, json, re, sys
pem = open(sys.argv[1] + "/cryptography.io.pem").read()
b64 = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END", pem, re.S).group(1)
der = base64.b64decode("".join(b64.split()))
json.dump({"betterTlsRevision": "absent", "trustRoot": base64.b64encode(der).decode(),
           "suites": {}}, open(sys.argv[1] + "/bettertls.json", "w"))
EOF
fi

# 3. The limbo package's compile step, in a venv. Only what `limbo compile`
#    imports is installed (its full dependency list pulls oscrypto from git,
#    needed only by its certvalidator harness); versions as its pyproject pins.
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q "pydantic ~= 2.13" "cryptography ~= 46.0" \
    "pyyaml ~= 6.0" "requests ~= 2.33" Jinja2 certifi pyOpenSSL
fi
(cd "$work/src" && "$work/venv/bin/python" -m limbo compile -o "$work/limbo.json" --force) \
  > "$work/log-compile.txt" 2>&1 || { tail "$work/log-compile.txt" >&2; exit 1; }
python3 - "$work/limbo.json" "$limbo/limbo.json" <<'EOF'
import collections, json, os, sys
t = json.load(open(sys.argv[1]))["testcases"]
kinds = collections.Counter(c["validation_kind"] for c in t)
print(f"limbo.sh: built limbo.json: {len(t)} testcases {dict(kinds)}")
ref = sys.argv[2]
if os.path.exists(ref):
    try:
        r = {c["id"] for c in json.load(open(ref))["testcases"]}
        mine = {c["id"] for c in t}
        print(f"limbo.sh: the checkout's committed limbo.json has {len(r)} testcases;"
              f" {len(r - mine)} missing from ours, {len(mine - r)} extra")
    except ValueError:
        print("limbo.sh: the checkout's limbo.json is not JSON (a git LFS pointer?)")
EOF

# 4. Run the backends.
run() {  # backend name, then harness arguments
  local b=$1; shift
  echo "limbo.sh: running $b ..."
  set +e
  "$work/venv/bin/python" "$here/limbo_harness.py" --limbo "$work/limbo.json" --jobs "$jobs" \
    --output "$work/results-$b.json" --summary-json "$work/summary-$b.json" "$@" \
    2> "$work/log-$b.txt"
  local rc=$?
  set -e
  sed -n '/^== .*: [0-9]* cases$/,$p' "$work/log-$b.txt"
  echo "limbo.sh: $b: full lists in $work/log-$b.txt (exit $rc)"
  return $rc
}
if [ $refs = 1 ]; then
  run openssl --backend openssl --openssl-limbo-compat || true
  if "$work/venv/bin/python" -c "import cryptography.x509.verification" 2>/dev/null; then
    run cryptography --backend cryptography || true
  else
    echo "limbo.sh: the venv's cryptography has no x509.verification: cryptography run skipped"
  fi
fi
status=0
if [ -n "$nbtls" ]; then
  run nbtls --backend nbtls --nbtls "$nbtls" "${extra[@]}" || status=$?
  echo "limbo.sh: nbtls false accepts and false rejects:"
  sed -n '/^== \(false_accept\|false_reject\|error\) /,/^== skipped/p' "$work/log-nbtls.txt" \
    | sed '$d'
fi
exit $status
