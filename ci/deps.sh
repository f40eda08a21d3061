#!/bin/sh
# Build and test dependencies of the nsprobe suite.
#
#   ci/deps.sh install   install them (root with apt-get), or print the
#                        exact commands for this and other distributions
#   ci/deps.sh print     only print the commands
#
# Exit status: 0 installed or already present, 1 missing and not installable
# here (the commands were printed), 2 usage.
set -eu

DEBIAN_PKGS="build-essential pkg-config libmnl-dev libcgroup-dev libcunit1-dev zlib1g-dev libjansson-dev"
FEDORA_PKGS="gcc make pkgconf-pkg-config libmnl-devel libcgroup-devel CUnit-devel zlib-devel jansson-devel"
ALPINE_PKGS="build-base pkgconf libmnl-dev libcgroup-dev cunit-dev zlib-dev linux-headers jansson-dev"
PC_MODULES="libmnl libcgroup cunit zlib jansson"
# the container runtimes make check's runtime-detect.sh runs the suites
# under (optional: without them those cases skip with the reason)
DEBIAN_TEST_PKGS="bubblewrap runc"
TEST_PROGRAMS="bwrap runc"

print_commands() {
	cat <<EOT
The nsprobe suite needs: $PC_MODULES (found through pkg-config).
Install them with one of:
  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y $DEBIAN_PKGS $DEBIAN_TEST_PKGS
  Fedora:        sudo dnf install -y $FEDORA_PKGS bubblewrap runc
  Alpine:        sudo apk add $ALPINE_PKGS bubblewrap runc
(bubblewrap and runc are optional: make check runs the suites under them.)
EOT
}

have_all() {
	command -v pkg-config >/dev/null 2>&1 &&
		pkg-config --exists $PC_MODULES 2>/dev/null &&
		command -v cc >/dev/null 2>&1
}

have_test_programs() {
	for p in $TEST_PROGRAMS; do
		command -v "$p" >/dev/null 2>&1 || return 1
	done
}

install() {
	if have_all && have_test_programs; then
		return 0
	fi
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "deps: installing $DEBIAN_PKGS $DEBIAN_TEST_PKGS" >&2
		export DEBIAN_FRONTEND=noninteractive
		# a fresh machine has no package lists yet
		apt-get update -qq >&2
		apt-get install -y -qq --no-install-recommends $DEBIAN_PKGS $DEBIAN_TEST_PKGS >&2
		have_all && return 0
		echo "deps: apt-get finished but pkg-config still misses a module" >&2
		return 1
	fi
	# the runtimes alone missing (not root, not Debian): their cases skip
	have_all && return 0
	print_commands >&2
	return 1
}

case "${1:-install}" in
install) install ;;
print) print_commands ;;
*) echo "usage: ci/deps.sh [install|print]" >&2; exit 2 ;;
esac
