#!/bin/sh
# Installs what whosaid needs to build and test on Debian 12 (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  g++ meson ninja-build pkg-config python3 \
  libre2-dev libicu-dev nlohmann-json3-dev doctest-dev libspdlog-dev libfmt-dev libcli11-dev \
  >/dev/null
