#!/usr/bin/env bash
# Drift: install the newest versions pyproject.toml allows in a scratch venv (ignoring
# constraints.txt), run the suite, and say what differs from the tested set. Run it weekly,
# or before renewing constraints.txt; a failure here is what a fresh install would meet.
#
#     bash bench/drift.sh [pytest arguments]      # e.g. bash bench/drift.sh -m "not slow"
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="$(mktemp -d -t portal-corpus-drift-XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
. "$scratch/venv/bin/activate"
pip install -q --upgrade --upgrade-strategy eager -e ".[test]"
pip freeze --exclude-editable | sort > "$scratch/newest.txt"
grep -v '^#' constraints.txt | sort > "$scratch/tested.txt"
echo "== versions that differ from constraints.txt (< tested, > newest allowed)"
diff "$scratch/tested.txt" "$scratch/newest.txt" | grep '^[<>]' || echo "   none"
echo "== held back by a bound in pyproject.toml (installed, newest on the index)"
pip list --outdated --format=columns 2>/dev/null | tail -n +3 || true
echo "== the suite on the newest versions"
status=0
pytest -p no:cacheprovider "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "drift: pytest collected no tests" >&2
    exit 1
fi
echo "== drift: pytest exit code $status"
exit "$status"
