#!/usr/bin/env bash
# Installs nnlab for every user of a machine: the one install used by the single-server JupyterHub
# (deploy/jupyterhub/), by the Docker image for Zero to JupyterHub (deploy/docker/Dockerfile), and by the
# tests (tests/test_deploy.py runs it here as a plain script).
#
#   sudo deploy/install.sh [--hub] [--prefix /opt/nnlab] [--kernel-prefix /usr/local] [--data-from DIR]
#                          [--course student|instructor] [--threads N] [--no-apt] [--image] [--cuda]
#                          [--tls-front] [--full-admin NAME] [--etc /etc/nnlab] [--systemd-dir DIR] [--no-cds]
#                          [--hub-only]
#
# What it does, in order (running it again updates the kernel and course, and keeps correct data):
#   1. Debian packages: a JDK 17, Jupyter Notebook; with --hub also jupyterhub and the proxy.
#   2. Builds the jars (Maven; dependencies from Maven Central) if the sources are newer than the build;
#      --cuda adds ND4J's CUDA backend (see README, GPU).
#   3. Installs the kernel system-wide: KERNEL_PREFIX/share/jupyter/kernels/nnlab, one BLAS thread per
#      kernel (a shared server has many kernels for its cores), with its start-up archive (--no-cds: none;
#      kernels start a few seconds slower, the install takes 30 s less: the tests use it).
#   4. The course: the student versions of the notebooks (exercise solutions removed; --course
#      instructor keeps them) in PREFIX/course, read-only. The hub copies them into each user's home.
#   5. The data sets, checked against their pinned SHA-256, in PREFIX/data, read-only: downloaded once
#      here (or copied from --data-from, for an offline machine) and read by every kernel (NNLAB_DATA).
#   6. With --hub: the hub's configuration in /etc/nnlab (--etc DIR), its settings in hub.env there (0600),
#      a systemd unit in /etc/systemd/system if systemd runs (--systemd-dir DIR: there instead, even
#      without systemd; the tests use a temporary folder), the Unix groups nnlab-students (who may log
#      in; the hub puts the accounts it creates there) and nnlab-lecturers (log in with the lecturer
#      role), and PREFIX/grades (root:nnlab-lecturers 2770: lecturers only).
#      --tls-front: a TLS proxy on this machine serves the hub (see README), which then listens on
#      127.0.0.1 only; kept by later runs. Without it the install warns: plain HTTP on every interface.
#      --full-admin NAME: NAME gets JupyterHub's full admin role, which can open any student's server and
#      run code as the student (README: security model); without it nobody does, also after an earlier
#      run that named someone (the run says whose rights it took).
#      --hub-only: this step alone, on an install made before (to change --tls-front or --full-admin).
#      With --image (the Docker image): jupyterhub for jupyterhub-singleuser, and the build caches removed.
set -euo pipefail
# nothing the install makes is writable by others, whatever the umask of the root shell that runs it
# (a writable config or kernelspec folder would let any user run code as root or as every student)
umask 022

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX=/opt/nnlab
KERNEL_PREFIX=/usr/local
DATA_FROM=""
COURSE=student
THREADS=1
HUB=""
HUB_ONLY=""
IMAGE=""
CUDA=""
TLS_FRONT=""
FULL_ADMINS=""
APT=1
ETC=/etc/nnlab
SYSTEMD_DIR=""
NO_CDS=""

say() { printf '\033[1mnnlab install:\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mnnlab install:\033[0m %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --kernel-prefix) KERNEL_PREFIX="$2"; shift 2 ;;
    --data-from) DATA_FROM="$2"; shift 2 ;;
    --course) COURSE="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --hub) HUB=1; shift ;;
    --hub-only) HUB=1; HUB_ONLY=1; shift ;;
    --image) IMAGE=1; shift ;;
    --cuda) CUDA=1; shift ;;
    --tls-front) TLS_FRONT=1; shift ;;
    --full-admin)
      [[ "${2:-}" =~ ^[a-z_][a-z0-9_.-]*$ ]] || die "--full-admin takes a Unix user name, not '${2:-}'"
      FULL_ADMINS="${FULL_ADMINS:+$FULL_ADMINS,}$2"; shift 2 ;;
    --etc) ETC="$2"; shift 2 ;;
    --systemd-dir) SYSTEMD_DIR="$2"; shift 2 ;;
    --no-cds) NO_CDS=1; shift ;;
    --no-apt) APT=""; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
case "$COURSE" in student|instructor) ;; *) die "--course is student or instructor, not $COURSE" ;; esac
# the folders as given, before the script moves into the sources (a relative --prefix would land there)
PREFIX=$(realpath -ms "$PREFIX"); KERNEL_PREFIX=$(realpath -ms "$KERNEL_PREFIX"); ETC=$(realpath -ms "$ETC")
[ -z "$SYSTEMD_DIR" ] || SYSTEMD_DIR=$(realpath -ms "$SYSTEMD_DIR")
[ -z "$DATA_FROM" ] || DATA_FROM=$(realpath -ms "$DATA_FROM")

PACKAGES="openjdk-17-jdk-headless jupyter-notebook libjs-mathjax jupyter-nbconvert python3-nbclient python3-ipykernel python3-psutil fonts-dejavu-core libopenblas0-pthread"
[ -n "$HUB" ] && PACKAGES="$PACKAGES jupyterhub node-configurable-http-proxy"
[ -n "$IMAGE" ] && PACKAGES="$PACKAGES jupyterhub"
[ -z "$HUB" ] || [ "$(id -u)" -eq 0 ] || die "--hub makes Unix groups and sets owners: run as root (sudo)"
if [ -n "$HUB_ONLY" ]; then
  [ -d "$PREFIX/course" ] || die "--hub-only changes the hub of an install, and $PREFIX has none: install first"
  say "1-5/6 packages, build, kernel, course, data: skipped (--hub-only)"
  cd "$SRC"
else
  if [ -n "$APT" ]; then
    [ "$(id -u)" -eq 0 ] || die "run as root (sudo), or pass --no-apt if the packages are installed: $PACKAGES"
    say "1/6 Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $PACKAGES >/dev/null
  else
    say "1/6 Debian packages: skipped (--no-apt)"
  fi
  PYTHON=/usr/bin/python3
  "$PYTHON" -c 'import notebook, jupyter_client' 2>/dev/null || die "Jupyter Notebook is missing for $PYTHON: install $PACKAGES"

  say "2/6 build"
  cd "$SRC"
  JAR=kernel/target/nnlab-kernel.jar
  if [ ! -f "$JAR" ] || [ -n "$(find pom.xml lib kernel -newer "$JAR" \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -print -quit)" ]; then
    ./mvnw -q -B package -DskipTests ${CUDA:+-Pcuda}
  fi

  say "3/6 kernel in $KERNEL_PREFIX/share/jupyter/kernels/nnlab ($THREADS BLAS thread(s) per kernel)"
  "$PYTHON" tools/install_kernel.py --prefix "$KERNEL_PREFIX" --threads "$THREADS" ${NO_CDS:+--no-cds} >/dev/null

  say "4/6 course ($COURSE versions) in $PREFIX/course"
  mkdir -p "$PREFIX"
  STAGE=$(mktemp -d)
  trap 'rm -rf "$STAGE"' EXIT
  "$PYTHON" tools/exercises.py notebooks --out "$STAGE" >/dev/null
  mkdir -p "$STAGE/course"
  cp "$STAGE/$COURSE"/*.ipynb "$STAGE/course/"
  # notebooks without exercises are not in the exercise output: take them as stored
  for nb in notebooks/*.ipynb; do [ -f "$STAGE/course/$(basename "$nb")" ] || cp "$nb" "$STAGE/course/"; done
  cp notebooks/README.md "$STAGE/course/README.md"
  rm -rf "$PREFIX/course.new" && cp -r "$STAGE/course" "$PREFIX/course.new"
  rm -rf "$PREFIX/course" && mv "$PREFIX/course.new" "$PREFIX/course"

  say "5/6 data in $PREFIX/data"
  CP=$(ls kernel/target/dist/lib/*.jar | tr '\n' ':')
  NNLAB_DATA="${DATA_FROM:-${NNLAB_DATA:-}}" NNLAB_CACHE="$STAGE/cache" \
    java -cp "$CP" org.nnlab.data.FetchData "$PREFIX/data" | sed 's/^/    /'
fi

# everyone reads, nobody but root writes (except the lecturers' grades folder)
find "$PREFIX" -path "$PREFIX/grades" -prune -o -exec chmod a+rX,go-w {} +

if [ -n "$HUB" ]; then
  say "6/6 hub configuration in $ETC"
  mkdir -p "$ETC"
  cp deploy/jupyterhub/jupyterhub_config.py deploy/jupyterhub/nnlab_spawner.py deploy/jupyterhub/nnlab_limits.py \
    deploy/jupyterhub/nnlab_course.py deploy/jupyterhub/nnlab_auth.py deploy/jupyterhub/nnlab_culler.py \
    deploy/jupyterhub/nginx-nnlab.conf "$ETC/"
  chmod -R go-w "$ETC"  # also files an earlier install left writable (cp keeps their modes)
  # the hub's settings (the systemd unit's EnvironmentFile): root only, before anything is written in it
  [ -f "$ETC/hub.env" ] || install -m 0600 /dev/null "$ETC/hub.env"
  chmod 0600 "$ETC/hub.env"
  get_env() { sed -n "s/^$1=//p" "$ETC/hub.env" | tail -n 1; }
  set_env() {  # NAME VALUE: one line of hub.env, replaced if there
    sed -i "/^$1=/d" "$ETC/hub.env" && echo "$1=$2" >> "$ETC/hub.env"
  }
  set_env NNLAB_HOME "$PREFIX"
  if [ -n "$TLS_FRONT" ]; then
    set_env NNLAB_HUB_TLS_FRONT 1
  elif [ "$(get_env NNLAB_HUB_TLS_FRONT)" = 1 ]; then
    say "TLS front: kept from an earlier install (NNLAB_HUB_TLS_FRONT=1 in $ETC/hub.env): the hub listens on 127.0.0.1"
  elif [ -n "$(get_env NNLAB_HUB_URL)" ]; then
    say "the hub listens on $(get_env NNLAB_HUB_URL) (NNLAB_HUB_URL in $ETC/hub.env)"
  else
    say "WARNING !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    say "WARNING: without --tls-front the hub listens on every interface in plain HTTP (port 8000): passwords and"
    say "WARNING: notebooks cross the network unencrypted. Put a TLS proxy in front ($ETC/nginx-nnlab.conf,"
    say "WARNING: README: JupyterHub) and run the install again with --tls-front (the hub then listens on 127.0.0.1)."
    say "WARNING !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  fi
  # full admins only when this run names them: an earlier run's names do not stay unnoticed
  if [ -n "$FULL_ADMINS" ]; then
    set_env NNLAB_HUB_FULL_ADMINS "$FULL_ADMINS"
    say "WARNING: $FULL_ADMINS get(s) full admin rights: they can open any student's server and run code as the student"
  elif [ -n "$(get_env NNLAB_HUB_FULL_ADMINS)" ]; then
    say "full admin rights taken from $(get_env NNLAB_HUB_FULL_ADMINS) (pass --full-admin NAME to give them again)"
    sed -i "/^NNLAB_HUB_FULL_ADMINS=/d" "$ETC/hub.env"
  fi
  # who may log in: the hub puts the accounts it creates into nnlab-students
  getent group nnlab-students >/dev/null || groupadd nnlab-students
  getent group nnlab-lecturers >/dev/null || groupadd nnlab-lecturers
  mkdir -p "$PREFIX/grades"
  chown root:nnlab-lecturers "$PREFIX/grades"
  chmod 2770 "$PREFIX/grades"  # lecturers read and write grades (tools/grade.py --out), students nothing
  if [ -z "$SYSTEMD_DIR" ] && [ -d /run/systemd/system ]; then SYSTEMD_DIR=/etc/systemd/system; fi
  if [ -n "$SYSTEMD_DIR" ]; then
    mkdir -p "$SYSTEMD_DIR"
    # the unit names the configuration folder: this install's
    sed "s#/etc/nnlab/#${ETC%/}/#g" deploy/jupyterhub/nnlab-hub.service > "$SYSTEMD_DIR/nnlab-hub.service"
    chmod 0644 "$SYSTEMD_DIR/nnlab-hub.service"
    if [ -d /run/systemd/system ] && [ "$SYSTEMD_DIR" = /etc/systemd/system ]; then systemctl daemon-reload; fi
    say "start it with: systemctl enable --now nnlab-hub (unit in $SYSTEMD_DIR)"
    say "add lecturers with: adduser NAME nnlab-lecturers (then systemctl restart nnlab-hub)"
  else
    say "start it with: set -a; . $ETC/hub.env; jupyterhub -f $ETC/jupyterhub_config.py"
  fi
else
  say "6/6 hub: skipped (pass --hub for the single-server JupyterHub)"
fi
if [ -n "$IMAGE" ]; then
  # an image keeps what runs, not what built it (apt-get clean: a debootstrap base, unlike Docker's
  # debian images, keeps the downloaded .deb files)
  rm -rf "$HOME/.m2" "$SRC/lib/target" "$SRC/kernel/target" /var/lib/apt/lists/*
  if [ -n "$APT" ]; then apt-get clean; fi
fi
say "done: kernel 'Java (nnlab)', course in $PREFIX/course, data in $PREFIX/data"
