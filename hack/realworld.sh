#!/usr/bin/env bash
# Real-world differential suite: runs a real public module's generator
# sequence once with upstream's tools and once with kubegen's, each in its
# own writable copy of the module, and compares the WHOLE trees.
#
#   hack/realworld.sh                 # every target
#   hack/realworld.sh gateway-api     # some targets
#   hack/realworld.sh --list          # the targets' names
#   KEEP_WORK=1 hack/realworld.sh ... # keep the work directory (both trees, logs)
#   RW_TOOLS=DIR hack/realworld.sh    # build (incrementally) and reuse the tools in DIR
#   RW_KUBEGEN_ROOT=DIR hack/realworld.sh  # the kubegen side from another checkout
#
# Upstream is k8s.io/code-generator v0.37.2: its kube_codegen.sh (from a
# writable copy of the module the proxy serves) and its commands, and
# kube-openapi's openapi-gen at the version it pins, installed as its
# kube_codegen.sh installs them. kubegen is this work tree: its
# kube_codegen.sh, and its cmd/gen-* commands under the upstream names
# (openapi-gen, applyconfiguration-gen, client-gen, lister-gen,
# informer-gen, register-gen, deepcopy-gen, defaulter-gen, conversion-gen).
# Each side runs with its own bin directory first on PATH and as GOBIN (a
# side's `go install`s land in its own directory; the harness checks that
# neither touched the other's), and kubegen with a KUBEGEN_CACHE of its own
# for the run. Modules come from the Go module proxy
# (`go mod download -json MODULE@VERSION`); the module cache is never
# written to (the harness checks that too).
#
# Targets (defined in hack/lib/realworld.sh):
#   gateway-api          sigs.k8s.io/gateway-api v1.6.3: its own
#                        hack/update-clientset.sh (go tool calls mapped to
#                        the side's binaries; controller-gen skipped), after
#                        deleting the files the compared generators wrote
#   gateway-api-inplace  the same over the tree as shipped (nothing deleted)
#   prometheus-operator  github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring
#                        v0.95.2: kube_codegen.sh's gen_helpers, gen_openapi
#                        and gen_client over the module root "." (no
#                        apply-configuration schema: upstream's openapi
#                        output for it does not compile)
#   argo-rollouts-proto  github.com/argoproj/argo-rollouts v1.10.1: its
#                        Makefile's k8s-proto recipe (go-to-protobuf over
#                        vendor/, upstream with Debian's protoc)
#   prometheus-operator-named  the same module with gen_helpers,
#                        gen_register, and gen_client over ".." (so the
#                        group is "monitoring") with --applyconfig-externals
#
# What the targets need beyond their module zip is printed as "needs:"
# (gateway-api: GOWORK=off and a tools/modelschema; neither needs
# GOFLAGS=-mod=mod: their go.sum files are complete for these runs).
#
# To add a target, write in hack/lib/realworld.sh the functions
# rw::NAME::def (module, version, environment), optionally rw::NAME::prep
# (once, in the pristine copy) and rw::NAME::seq (the sequence, run in each
# side's copy; `source "$CODEGEN_PKG/kube_codegen.sh"` gets the side's
# kube_codegen.sh, `go tool <pkg>/<tool>` and the tools on PATH its
# binaries), and add NAME to RW_TARGETS.
#
# Per target it prints what differs (each differing file with the start of
# a unified diff, each missing or extra file), each side's time, and a line
# such as
#   gateway-api: 312 files compared, 0 differ, 0 missing, 0 extra
# It exits 1 if any target differs or a side's sequence fails (that side's
# failing step and stderr are printed; an upstream failure means the target
# is broken, not kubegen), 2 on a usage error.
source "$(dirname "${BASH_SOURCE[0]}")/lib/realworld.sh"

if [[ ${1:-} == --list ]]; then
    printf '%s\n' "${RW_TARGETS[@]}"
    exit 0
fi
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    sed -n '2,/^source/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${RW_TARGETS[@]}")
for t in "${targets[@]}"; do
    declare -F "rw::$t::def" >/dev/null || { echo "unknown target $t (targets: ${RW_TARGETS[*]})" >&2; exit 2; }
done

echo "building upstream's and kubegen's tools into $RW_TOOLS ..."
rw::tools

status=0
summaries=()
for t in "${targets[@]}"; do
    start=$SECONDS
    echo
    echo "=== $t"
    rw::prepare "$t"
    echo "module: $RW_MODULE@$RW_VERSION"
    [[ -z $RW_NEEDS ]] || echo "needs: $RW_NEEDS"
    rw::fresh upstream
    rw::fresh kubegen
    failed=()
    stamp=$RW_TARGET_WORK/stamp
    for side in upstream kubegen; do
        touch "$stamp"
        before=$(rw::binstamp)
        rc=0
        rw::run_side "$t" "$side" "$RW_TARGET_WORK/kubegen-cache" || rc=$?
        read -r wall rss < <(rw::time_of "$side")
        printf '%-8s %6ss %6d MiB  exit %d  steps: %s\n' "$side" "$wall" $((rss / 1024)) "$rc" "$(rw::steps "$side")"
        # A side's tools must come from its own bin directory, and nothing
        # may be written into the module cache.
        other=kubegen; [[ $side == upstream ]] || other=upstream
        if ! diff <(grep "^$other/" <<< "$before") <(rw::binstamp | grep "^$other/") >/dev/null; then
            echo "ERROR: the $side side changed the $other side's tools:"
            diff <(grep "^$other/" <<< "$before") <(rw::binstamp | grep "^$other/") | sed 's/^/    /' || true
            failed+=("$side")
        fi
        written=$(rw::modcache_guard "$stamp")
        if [[ -n $written ]]; then
            echo "ERROR: the $side side wrote into the module cache:"
            head -n 20 <<< "$written" | sed 's/^/    /'
            failed+=("$side")
        fi
        if [[ $rc != 0 ]]; then
            failed+=("$side")
            if [[ $side == upstream ]]; then
                echo "UPSTREAM FAILED (exit $rc) at step: $(rw::failed_step upstream)"
                echo "  the target is broken (not kubegen); upstream's stderr:"
            else
                echo "KUBEGEN FAILED (exit $rc) at step: $(rw::failed_step kubegen)"
                echo "  kubegen's stderr:"
            fi
            rw::stderr "$side"
        fi
    done
    if [[ " ${failed[*]} " == *" upstream "* ]]; then
        summaries+=("$t: upstream's sequence failed: not compared")
        status=1
        continue
    fi
    echo "upstream vs shipped: $(rw::changes "$RW_SHIPPED" "$(rw::side_dir upstream)")"
    [[ ${#failed[@]} == 0 ]] || echo "comparing the trees as kubegen's failed sequence left them:"
    if ! rw::compare "$(rw::side_dir upstream)" "$(rw::side_dir kubegen)" "$RW_PRISTINE"; then status=1; fi
    [[ ${#failed[@]} == 0 ]] || status=1
    read -r uw _ < <(rw::time_of upstream)
    read -r kw _ < <(rw::time_of kubegen)
    line="$t: $RW_COMPARED files compared, $RW_DIFFER differ, $RW_MISSING missing, $RW_EXTRA extra, $RW_STALE stale removed (upstream ${uw}s, kubegen ${kw}s; $((SECONDS - start))s in all)"
    [[ ${#failed[@]} == 0 ]] || line+="; kubegen's sequence FAILED at: $(rw::failed_step kubegen)"
    echo "$line"
    summaries+=("$line")
done

echo
echo "=== summary"
printf '%s\n' "${summaries[@]}"
exit $status
