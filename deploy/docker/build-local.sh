#!/usr/bin/env bash
# Builds the single-user image (deploy/docker/Dockerfile) on a machine without Docker: Debian's podman
# builds it, on a debian:bookworm-slim-like base made here by debootstrap from Debian's own packages
# (no registry needed), with the corpora mounted at build time (no download from GitHub).
#
#   deploy/docker/build-local.sh [--tag NAME:VERSION] [--data DIR] [--cache DIR] [--check] [--no-build]
#                                [--fast] [NOTEBOOK ...]
#
#   --tag      the image's name (default nnlab-singleuser:<version in pom.xml, without -SNAPSHOT>)
#   --data     the corpora copied into the image (default $NNLAB_DATA, else ../shared/data); checked
#              against their pinned SHA-256 by install.sh, exactly as a download would be
#   --cache    where the debootstrap base is kept (default build/image); a second run reuses it
#   --check    afterwards, run a notebook with the image's kernel in the image (deploy/docker/check-local.sh)
#   --no-build only the check, on the image already built
#   --fast, NOTEBOOK  passed to the check: fast mode, course notebooks to run (default 00-welcome.ipynb)
#
# Needs root, podman and debootstrap (apt-get install podman debootstrap) and Debian's mirror. Maven runs
# offline in the build, from this machine's ~/.m2 (read-only: the wrapper's Maven, and the dependencies as
# a second local repository), so build the project here once first (./nnlab setup).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)
TAG="nnlab-singleuser:${VERSION%-SNAPSHOT}"
DATA="${NNLAB_DATA:-$ROOT/../shared/data}"
CACHE="$ROOT/build/image"
BASE=localhost/nnlab-base:bookworm-slim
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CHECK=""
BUILD=1
CHECK_ARGS=()

say() { printf '\033[1mbuild-local:\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mbuild-local:\033[0m %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --tag) TAG="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    --check) CHECK=1; shift ;;
    --no-build) BUILD=""; CHECK=1; shift ;;
    --fast) CHECK_ARGS+=(--fast); shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) CHECK_ARGS+=("$1"); shift ;;
  esac
done

if [ -n "$BUILD" ]; then
  [ "$(id -u)" -eq 0 ] || die "run as root: podman builds here as root, and debootstrap needs root"
  command -v podman >/dev/null || die "podman is missing: apt-get install podman"
  [ -d "$DATA" ] || die "no corpora in $DATA: pass --data DIR (the folder with ud-english-ewt/, rt-polarity/, tinyshakespeare/)"
  DATA="$(cd "$DATA" && pwd)"
  START=$(date +%s)

  # 1. The base: Debian bookworm, minbase variant (essential packages and apt), like debian:bookworm-slim.
  TARBALL="$CACHE/bookworm-minbase.tar"
  if ! podman image exists "$BASE"; then
    if [ ! -f "$TARBALL" ]; then
      command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
      mkdir -p "$CACHE"
      ROOTFS="$CACHE/rootfs"
      if [ ! -f "$CACHE/rootfs.done" ]; then
        say "debootstrap bookworm (minbase) from $MIRROR into $ROOTFS"
        rm -rf "$ROOTFS"
        # passwd for useradd (the Dockerfile makes the jovyan user); debian:bookworm-slim has it too
        debootstrap --variant=minbase --include=passwd bookworm "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
          || die "debootstrap failed: see $CACHE/debootstrap.log"
        touch "$CACHE/rootfs.done"
      fi
      # what the slim images do: no manuals, docs or translations from later installs, updates and security
      cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
      cat >"$ROOTFS/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
      chroot "$ROOTFS" apt-get clean
      rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/log/*.log "$ROOTFS"/var/cache/apt/*.bin
      tar -C "$ROOTFS" --numeric-owner -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
      rm -rf "$ROOTFS" "$CACHE/rootfs.done"  # the tarball is the cache
    fi
    say "podman import $TARBALL as $BASE"
    podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' "$TARBALL" "$BASE" >/dev/null
  else
    say "base $BASE: already imported"
  fi

  # 2. The image, from the repository root (.dockerignore keeps build/, target/ and .git out).
  # Maven offline, from this machine's ~/.m2 (the wrapper's Maven and the dependencies, both mounted
  # read-only): no download, and no need for this machine's HTTPS proxy certificates in the image
  M2="${HOME}/.m2"
  ls "$M2"/wrapper/dists/apache-maven-*/*/bin/mvn >/dev/null 2>&1 && [ -d "$M2/repository" ] \
    || die "Maven and the dependencies are not in $M2 yet: run ./nnlab setup (or ./mvnw package -DskipTests) once"
  say "podman build -t $TAG (data from $DATA)"
  cd "$ROOT"
  OLD=$(podman image inspect --format '{{.Id}}' "$TAG" 2>/dev/null || true)
  # --isolation chroot: RUN steps without an OCI runtime (crun refuses this machine's hybrid cgroups)
  podman build --isolation chroot --network host --pull=never -f deploy/docker/Dockerfile -t "$TAG" \
    --build-arg BASE="$BASE" \
    --build-arg NNLAB_DATA_FROM=/build-data \
    --build-arg MAVEN_USER_HOME=/build-mvn --build-arg MAVEN_ARGS="-o -Dmaven.repo.local.tail=/build-m2" \
    --volume "$DATA:/build-data:ro" --volume "$M2/repository:/build-m2:ro" --volume "$M2/wrapper:/build-mvn/wrapper:ro" \
    .
  END=$(date +%s)
  # the previous build of this tag, now untagged, would keep its 1.4 GB on disk
  if [ -n "$OLD" ] && [ "$OLD" != "$(podman image inspect --format '{{.Id}}' "$TAG")" ]; then
    podman rmi "$OLD" >/dev/null 2>&1 || true
  fi
  SIZE=$(podman image inspect --format '{{.Size}}' "$TAG")
  say "built $TAG in $(( (END - START) / 60 )) min $(( (END - START) % 60 )) s; size $(( SIZE / 1000000 )) MB (podman image inspect)"
  podman images "$TAG"
fi

if [ -n "$CHECK" ]; then
  exec "$ROOT/deploy/docker/check-local.sh" --tag "$TAG" "${CHECK_ARGS[@]}"
fi
