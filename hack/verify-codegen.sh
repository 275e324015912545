#!/usr/bin/env bash
# Checks that the example API's generated code is up to date; exits 1 with
# a diff if not. Run hack/update-codegen.sh to fix.
set -o errexit -o nounset -o pipefail

exec "$(dirname "${BASH_SOURCE[0]}")/update-codegen.sh" --verify
