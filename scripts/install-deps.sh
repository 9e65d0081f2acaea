#!/bin/sh
# Installs what whosaid needs to build and test on Debian 12 (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  g++ meson ninja-build pkg-config python3 \
  libre2-dev libicu-dev nlohmann-json3-dev doctest-dev libspdlog-dev libfmt-dev libcli11-dev \
  libsqlite3-dev libsimdjson-dev libpcre2-dev \
  >/dev/null
# Headless Chromium renders the annotated HTML in the test suite (the
# html-render test is skipped without it).
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
# Robustness checks (docs/robustness.md): GNU time measures peak memory in
# the test suite; clang with its sanitizer and libFuzzer runtimes and
# llvm-symbolizer build and run the fuzzers (scripts/fuzz.sh).
apt-get install -y -qq --no-install-recommends time clang libclang-rt-14-dev llvm-14 >/dev/null
