#!/usr/bin/env bash
# Runs course notebooks with the image's own kernel, inside the image's file system, as its user jovyan,
# the way a student's pod does: the course copied into ~/nnlab-course (values.yaml's postStart), the
# corpora read from NNLAB_DATA=/opt/nnlab/data, every cell executed by tools/run_notebooks.py. It runs the
# instructor versions (the image's /opt/nnlab/src/notebooks, copied to ~/check): the student copies stop
# at their exercises on purpose (NotImplementedYet), so only the solved notebooks show a real failure.
# Where `podman run` is refused (here: setrlimit RLIMIT_NPROC), a container is created but not started,
# its writable file system is mounted (podman mount) and the notebooks run there under chroot.
#
#   deploy/docker/check-local.sh [--tag NAME:VERSION] [--fast] [NOTEBOOK ...]
#
#   --tag   the image (default nnlab-singleuser:<version in pom.xml, without -SNAPSHOT>)
#   --fast  the notebooks' fast mode (NNLAB_FAST=1: fewer epochs, less data)
#   NOTEBOOK  course notebook names (default 00-welcome.ipynb)
# Exit status: 0 when every cell ran without an error, else 1. Needs root and podman.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)
TAG="nnlab-singleuser:${VERSION%-SNAPSHOT}"
FAST=""
NOTEBOOKS=()

say() { printf '\033[1mcheck-local:\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mcheck-local:\033[0m %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --tag) TAG="$2"; shift 2 ;;
    --fast) FAST=--fast; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) NOTEBOOKS+=("$1"); shift ;;
  esac
done
[ ${#NOTEBOOKS[@]} -gt 0 ] || NOTEBOOKS=(00-welcome.ipynb)
[ "$(id -u)" -eq 0 ] || die "run as root (podman mount and chroot need it)"
command -v podman >/dev/null || die "podman is missing: apt-get install podman"
podman image exists "$TAG" || die "no image $TAG: build it first with deploy/docker/build-local.sh"

CONTAINER=$(podman create --pull=never "$TAG")
MNT=""
cleanup() {
  if [ -n "$MNT" ]; then
    umount -l "$MNT/dev" 2>/dev/null || true  # lazy: the whole bound /dev tree at once
    umount "$MNT/proc" 2>/dev/null || true
  fi
  podman umount "$CONTAINER" >/dev/null 2>&1 || true
  podman rm -f "$CONTAINER" >/dev/null 2>&1 || true
}
trap cleanup EXIT
MNT=$(podman mount "$CONTAINER")
mount -t proc proc "$MNT/proc"
mount --rbind /dev "$MNT/dev"
mount --make-rslave "$MNT/dev"  # so unmounting it never propagates back to the machine's /dev (shared /)
say "image $TAG mounted at $MNT (container ${CONTAINER:0:12}, not started)"

# the image's own environment (ENV lines), as a container would get it
mapfile -t IMAGE_ENV < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$TAG" | sed '/^$/d')
names=$(printf '%q ' "${NOTEBOOKS[@]}")
START=$(date +%s)
set +e
chroot --userspec=1000:1000 "$MNT" /usr/bin/env -i "${IMAGE_ENV[@]}" HOME=/home/jovyan USER=jovyan \
  /bin/bash -c "set -e
    cd /home/jovyan
    mkdir -p nnlab-course && cp -Rn /opt/nnlab/course/. nnlab-course/
    echo \"java: \$(java -version 2>&1 | head -1); kernels: \$(/usr/bin/python3 -c 'from jupyter_client.kernelspec import KernelSpecManager as K; print(K().find_kernel_specs())')\"
    echo \"course copied: \$(ls nnlab-course/*.ipynb | wc -l) notebooks in ~/nnlab-course\"
    mkdir -p check && cp /opt/nnlab/src/notebooks/*.ipynb check/ && cd check
    exec /usr/bin/python3 /opt/nnlab/src/tools/run_notebooks.py $FAST --out /home/jovyan/executed $names"
STATUS=$?
set -e
END=$(date +%s)
if [ "$STATUS" -eq 0 ]; then
  say "OK: ${NOTEBOOKS[*]} ran without errors in the image, as jovyan, in $((END - START)) s"
else
  say "FAILED (exit $STATUS): see the problems above"
fi
exit "$STATUS"
