#!/usr/bin/env bash
# Installs the Debian packages the test suite uses, if any is missing: neovim (a real LSP client),
# chromium (browser tests), iproute2 + iptables + tcpdump (the real-kernel judge), universal-ctags (the
# recall fixture's regeneration and the index benchmark). Never fails the build: tests that need a
# missing tool skip and say so.
set -u
need=()
for pair in nvim:neovim chromium:chromium ip:iproute2 iptables:iptables tcpdump:tcpdump ctags:universal-ctags; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-packages: missing ${need[*]} (not root or no apt-get): the tests that need them will skip"
  exit 0
fi
echo "install-packages: apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y "${need[@]}" >/tmp/kernel-lens-apt.log 2>&1 ||
  { apt-get update >>/tmp/kernel-lens-apt.log 2>&1 &&
    apt-get install -y "${need[@]}" >>/tmp/kernel-lens-apt.log 2>&1; } ||
  echo "install-packages: apt-get failed (see /tmp/kernel-lens-apt.log): the tests that need ${need[*]} will skip"
exit 0
