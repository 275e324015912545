#!/usr/bin/env bash
# Fails, with a diff, when docs/cli/ or docs/man/ differ from what
# hack/update-docs.sh would write. Takes the same root arguments.
set -euo pipefail
exec "$(dirname "$0")/update-docs.sh" --verify "$@"
