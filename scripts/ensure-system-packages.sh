#!/usr/bin/env bash
# Installs the Debian packages the tests need, once. Idempotent: does nothing when they are present.
set -euo pipefail

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)

if ((${#packages[@]})); then
  echo "Installing system packages: ${packages[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
