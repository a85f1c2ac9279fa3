#!/usr/bin/env bash
# Installs what tgwsim needs to build, test and render its report on Debian 12 (as root or via sudo);
# clang and its runtime libraries (libFuzzer) are for the fuzz harnesses of tests/fuzz/; Go and
# HashiCorp's HCL v2 library for tests/hcl-check (the advise tests parse the Terraform it writes).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    gcc libc6-dev meson ninja-build pkg-config python3 \
    libglib2.0-dev libglib2.0-dev-bin libxml2-dev libxml2-utils libsqlite3-dev sqlite3 \
    libjson-glib-dev valgrind chromium clang libclang-rt-14-dev \
    golang-go golang-github-hashicorp-hcl-v2-dev >/dev/null
