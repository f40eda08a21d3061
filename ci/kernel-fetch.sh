#!/bin/bash
# Debian kernels for the QEMU matrix, downloaded and unpacked into a cache;
# nothing is installed on the host (no dpkg database entry, nothing in
# /boot or /lib/modules, /vmlinuz untouched, the host's apt sources and
# lists unchanged).
#
#   ci/kernel-fetch.sh resolve SPEC   print the kernel release SPEC means
#   ci/kernel-fetch.sh fetch SPEC     print the cache directory of that kernel,
#                                     downloading it first when needed
#   ci/kernel-fetch.sh list [SPEC]    every release the archive serves (SPEC
#                                     filters), with its package version
#
# SPEC is one of
#   SERIES[-FLAVOUR]   6.1, 6.1-cloud, 6.12-rt, 7.3: the newest release of that
#                      series (FLAVOUR generic, cloud or rt; generic when left out)
#   SUITE[-FLAVOUR]    trixie-backports, sid, bookworm-rt, ...: the newest
#                      release that suite serves
#   RELEASE            an exact `uname -r`, e.g. 6.1.0-50-cloud-amd64,
#                      7.3.4+deb13-amd64
#
# A cached kernel is a directory <release>/ holding vmlinuz, config (when the
# package ships one), modules/ (its /lib/modules/<release> as packaged,
# modules still compressed), and info (package names and versions, the suite
# that served it). It is made under a temporary name and renamed when
# complete, under a lock, so parallel matrix runs share one download.
#
# apt runs with a private configuration: its own sources list (the Debian
# suites below, on the mirror the host's apt already uses), its own lists,
# archive cache and an empty package status, so `apt-get update` and
# `apt-get download` there change nothing of the host's apt state.
#
# Env: NSP_KERNEL_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/nsprobe/kernels),
#   NSP_DEBIAN_MIRROR and NSP_DEBIAN_SECURITY (default: the URIs of the host's
#   Debian sources), NSP_KERNEL_SUITES, NSP_LISTS_MAX_AGE (seconds, 86400).
# Exit status: 0; 1 the archive has no such kernel, or the download failed;
# 64 usage.
# shellcheck disable=SC2016,SC2015 # apt's $(FIELD) formats; A && B || die
set -euo pipefail

CACHE=${NSP_KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nsprobe/kernels}
SUITES=${NSP_KERNEL_SUITES:-"bookworm bookworm-updates bookworm-backports trixie trixie-updates trixie-backports sid"}
SECURITY_SUITES="bookworm-security trixie-security"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
APTDIR=$CACHE/apt

die() { echo "kernel-fetch: $*" >&2; exit 1; }
usage() {
	echo "usage: ci/kernel-fetch.sh resolve|fetch SPEC | list [SPEC]" >&2
	echo "  SPEC: 6.1, 6.1-cloud, 6.12-rt, trixie-backports, sid, or a release like 6.1.0-50-cloud-amd64" >&2
	exit 64
}

# the mirror the host's own apt uses for a Debian archive (LABEL Debian or
# Debian-Security); the registry is reached through it, not by a name of ours
host_uri() {
	apt-get indextargets --format '$(LABEL) $(REPO_URI)' 2>/dev/null |
		awk -v l="$1" '$1 == l {print $2; exit}'
}

apt_opts=(-o "Dir::Etc::SourceList=$APTDIR/sources.list" -o "Dir::Etc::SourceParts=$APTDIR/none"
	-o "Dir::Etc::Preferences=$APTDIR/none" -o "Dir::Etc::PreferencesParts=$APTDIR/none"
	-o "Dir::State=$APTDIR/state" -o "Dir::State::Lists=$APTDIR/lists"
	-o "Dir::State::status=$APTDIR/status" -o "Dir::Cache=$APTDIR/cache"
	-o "Debug::NoLocking=1" -o "APT::Architecture=amd64" -o "Acquire::Languages=none"
	-o "APT::Get::List-Cleanup=1" -o "APT::Sandbox::User=root")
papt() { apt-get "${apt_opts[@]}" "$@"; }

setup_apt() {
	command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
		die "needs apt-get and dpkg-deb (a Debian or Ubuntu machine)"
	[ -r "$KEYRING" ] || die "no $KEYRING (apt-get install debian-archive-keyring)"
	local main sec s
	main=${NSP_DEBIAN_MIRROR:-$(host_uri Debian)}
	sec=${NSP_DEBIAN_SECURITY:-$(host_uri Debian-Security)}
	[ -n "$main" ] || die "no Debian mirror in the host's apt sources: set NSP_DEBIAN_MIRROR"
	mkdir -p "$APTDIR/none" "$APTDIR/state" "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
	[ -e "$APTDIR/status" ] || : >"$APTDIR/status"
	{
		for s in $SUITES; do echo "deb [signed-by=$KEYRING] $main $s main"; done
		[ -z "$sec" ] || for s in $SECURITY_SUITES; do echo "deb [signed-by=$KEYRING] $sec $s main"; done
	} >"$APTDIR/sources.list.new"
	if ! cmp -s "$APTDIR/sources.list.new" "$APTDIR/sources.list"; then
		mv "$APTDIR/sources.list.new" "$APTDIR/sources.list"
		rm -f "$APTDIR/lists/updated"
	fi
	rm -f "$APTDIR/sources.list.new"
}

update_lists() {
	echo "kernel-fetch: updating the private package lists ($APTDIR)" >&2
	papt update -qq >&2 || die "apt-get update of the private lists failed"
	touch "$APTDIR/lists/updated"
}

fresh_lists() {
	local age
	[ -e "$APTDIR/lists/updated" ] || { update_lists; return; }
	age=$(($(date +%s) - $(stat -c %Y "$APTDIR/lists/updated")))
	[ "$age" -lt "${NSP_LISTS_MAX_AGE:-86400}" ] || update_lists
}

# "SUITE RELEASE PACKAGE VERSION" for every amd64 kernel package the lists
# hold (image, and for the split packaging binary, modules and base), kept in
# one file that is remade whenever the lists were updated
catalogue() {
	[ "$APTDIR/catalogue" -nt "$APTDIR/lists/updated" ] && [ "$APTDIR/catalogue" -nt "$0" ] ||
		make_catalogue >"$APTDIR/catalogue"
	cat "$APTDIR/catalogue"
}

make_catalogue() {
	local f suite
	papt indextargets --format '$(FILENAME) $(RELEASE)' 'Identifier: Packages' |
		while read -r f suite; do
			[ -e "$f" ] || continue
			/usr/lib/apt/apt-helper cat-file "$f" | awk -v s="$suite" '
				/^Package: / { p = $2 }
				/^Version: / { v = $2 }
				/^$/ { if (p ~ /^linux-(image|binary|modules|base)-[0-9][^ ]*-amd64(-unsigned)?$/) {
					r = p; sub(/^linux-(image|binary|modules|base)-/, "", r); sub(/-unsigned$/, "", r)
					print s, r, p, v }
					p = v = "" }'
		done
}

flavour_of() {
	case "$1" in *-cloud-amd64) echo cloud ;; *-rt-amd64) echo rt ;; *) echo generic ;; esac
}
series_of() { echo "$1" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/'; }

# the catalogue lines SPEC selects, newest release last
select_spec() {
	local spec=$1 base flav=generic
	case "$spec" in
	*-cloud) base=${spec%-cloud} flav=cloud ;;
	*-rt) base=${spec%-rt} flav=rt ;;
	*-generic) base=${spec%-generic} ;;
	*) base=$spec ;;
	esac
	catalogue | while read -r s r p v; do
		if [[ $spec =~ ^[0-9]+\.[0-9]+.*-amd64$ ]]; then
			[ "$r" = "$spec" ] || continue
		elif [[ $base =~ ^[0-9]+\.[0-9]+$ ]]; then
			[ "$(series_of "$r")" = "$base" ] && [ "$(flavour_of "$r")" = "$flav" ] || continue
		elif [ -n "$base" ] && [ "$s" = "$base" ]; then
			[ "$(flavour_of "$r")" = "$flav" ] || continue
		else
			continue
		fi
		echo "$s $r $p $v"
	done | complete | sort -k2,2V -k4,4V
}

# the image lines of releases the archive serves whole: a split release
# (linux-binary-R) only with its linux-modules-R and linux-base-R of the
# same version (an archive can list an image whose modules it lacks)
complete() {
	awk '{ line[NR] = $0; rel[NR] = $2; pkg[NR] = $3; ver[NR] = $4
		kind = $3; sub(/-[0-9].*/, "", kind); have[$2, kind, $4] = 1 }
	END { for (i = 1; i <= NR; i++) {
		k = pkg[i]; sub(/-[0-9].*/, "", k)
		if (k == "linux-modules" || k == "linux-base") continue
		split_ = 0
		for (key in have) { split(key, f, SUBSEP); if (f[1] == rel[i] && f[2] == "linux-binary") split_ = 1 }
		if (k == "linux-image" && split_) continue
		if (k == "linux-binary" && !(have[rel[i], "linux-modules", ver[i]] && have[rel[i], "linux-base", ver[i]])) continue
		print line[i] } }'
}

resolve() {
	local spec=$1 line
	line=$(select_spec "$spec" | tail -n 1)
	# a release newer than the lists: look again once, unless they are fresh
	if [ -z "$line" ] && [ -z "$(find "$APTDIR/lists/updated" -mmin -10 2>/dev/null)" ]; then
		update_lists
		line=$(select_spec "$spec" | tail -n 1)
	fi
	[ -n "$line" ] || die "no Debian kernel matches '$spec' (try: ci/kernel-fetch.sh list)"
	echo "$line" | cut -d' ' -f2
}

# the packages that make up RELEASE: split packaging (linux-binary-R for the
# image, linux-modules-R, linux-base-R for config and System.map) where the
# archive has it, else the -unsigned image (image and modules in one),
# else the signed one
packages_of() {
	local rel=$1 cat
	cat=$(catalogue | awk -v r="$rel" '$2 == r {print $3 "=" $4}' | sort -u)
	if grep -q "^linux-binary-$rel=" <<<"$cat"; then
		echo "$cat" | grep "^linux-binary-$rel=" | sort -V | tail -n 1
		local m b
		m=$(echo "$cat" | sed -n "s/^linux-binary-$rel=//p" | sort -V | tail -n 1)
		for b in linux-modules linux-base; do echo "$b-$rel=$m"; done
	elif grep -q "^linux-image-$rel-unsigned=" <<<"$cat"; then
		echo "$cat" | grep "^linux-image-$rel-unsigned=" | sort -V | tail -n 1
	else
		echo "$cat" | grep "^linux-image-$rel=" | sort -V | tail -n 1
	fi
}

download() {	# RELEASE DIR
	local rel=$1 dir=$2 tmp pkgs deb mods f
	tmp=$CACHE/.tmp-$rel-$$
	rm -rf "$tmp"
	mkdir -p "$tmp/debs" "$tmp/root"
	mapfile -t pkgs < <(packages_of "$rel")
	[ "${#pkgs[@]}" -gt 0 ] && [ -n "${pkgs[0]}" ] || die "no package for release $rel"
	echo "kernel-fetch: downloading ${pkgs[*]}" >&2
	(cd "$tmp/debs" && papt download -qq "${pkgs[@]}" >&2) || { rm -rf "$tmp"; die "apt-get download ${pkgs[*]} failed"; }
	for deb in "$tmp"/debs/*.deb; do
		dpkg-deb -x "$deb" "$tmp/root" || { rm -rf "$tmp"; die "dpkg-deb -x $deb failed"; }
	done
	# older packages put the image and config in /boot and the modules in
	# /lib/modules; the split packages (7.x) keep all under /usr/lib/modules
	for mods in "$tmp/root/usr/lib/modules/$rel" "$tmp/root/lib/modules/$rel"; do
		[ ! -d "$mods" ] || { mv "$mods" "$tmp/modules"; break; }
	done
	mkdir -p "$tmp/modules"
	for f in "$tmp/root/boot/vmlinuz-$rel" "$tmp/modules/vmlinuz"; do
		[ ! -f "$f" ] || mv "$f" "$tmp/vmlinuz"
	done
	for f in "$tmp/root/boot/config-$rel" "$tmp/modules/config"; do
		[ ! -f "$f" ] || mv "$f" "$tmp/config"
	done
	[ -f "$tmp/vmlinuz" ] || { rm -rf "$tmp"; die "$rel: the packages ${pkgs[*]} hold no kernel image"; }
	{
		echo "release: $rel"
		echo "packages: ${pkgs[*]}"
		echo "version: ${pkgs[0]#*=}"
		echo "suite: $(catalogue | awk -v r="$rel" '$2 == r {print $1}' | sort -u | tr '\n' ' ')"
		echo "fetched: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$tmp/info"
	rm -rf "$tmp/debs" "$tmp/root"
	mv "$tmp" "$dir"
}

fetch() {
	local rel dir
	rel=$(resolve "$1")
	dir=$CACHE/$rel
	[ -f "$dir/info" ] || download "$rel" "$dir"
	echo "$dir"
}

[ $# -ge 1 ] || usage
cmd=$1
case "$cmd" in
resolve|fetch) [ $# -eq 2 ] && [ -n "$2" ] || usage ;;
list) [ $# -le 2 ] || usage ;;
*) usage ;;
esac
case "${2:-}" in *[!A-Za-z0-9.+_-]*) die "bad SPEC '$2': letters, digits and . + _ - only" ;; esac

mkdir -p "$CACHE"
# one fetch at a time per cache: parallel matrix runs of one kernel share it
exec 9>"$CACHE/.lock"
flock 9
setup_apt
fresh_lists
case "$cmd" in
resolve) resolve "$2" ;;
fetch) fetch "$2" ;;
list) if [ -n "${2:-}" ]; then select_spec "$2"; else catalogue | sort -k2,2V; fi ;;
esac
