#!/usr/bin/env bash
# Install the Debian packages liesym needs, when any is missing.
set -euo pipefail
pkgs=(lua5.4 liblua5.4-dev libopenblas-dev liblapacke-dev libfftw3-dev lua-busted
      lua-check lua-ldoc luarocks valgrind gcc make
      python3-numpy python3-scipy python3-cvxopt parallel gnuplot-nox)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
