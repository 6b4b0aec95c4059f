#!/usr/bin/env bash
# Installs what the notebooks' integration test needs to execute notebooks headless: Debian's Jupyter
# (/usr/bin/jupyter with nbconvert, nbclient, jupyter_client and pyzmq). The Java kernel itself comes from
# Maven Central with the build (notebooks/target/kernel). Called by .ci/run before `mvn verify`.
#
# Package set: jupyter-nbconvert pulls python3-nbconvert -> python3-nbclient -> python3-jupyter-client ->
# python3-zmq (apt-cache depends); jupyter-core gives /usr/bin/jupyter. No IPython kernel is needed for a
# Java kernel. Skips apt entirely when everything is already there.
set -euo pipefail

ready() {
  [ -x /usr/bin/jupyter ] && /usr/bin/jupyter nbconvert --version >/dev/null 2>&1 \
    && /usr/bin/python3 -c 'import nbclient, jupyter_client, zmq' >/dev/null 2>&1
}

if ready; then
  echo "install-notebook-deps: Jupyter already installed (nbconvert $(/usr/bin/jupyter nbconvert --version))"
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends jupyter-core jupyter-nbconvert python3-nbclient jupyter-client
if ! ready; then
  echo "install-notebook-deps: /usr/bin/jupyter nbconvert still does not work after apt-get install" >&2
  exit 1
fi
echo "install-notebook-deps: installed Jupyter (nbconvert $(/usr/bin/jupyter nbconvert --version))"
