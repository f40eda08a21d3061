# nsharness TAP -> one "RESULT NAME" line per check, the test cases of a
# LAVA job (busybox awk in the guest, any awk on the host):
#   awk -f ci/lava/tap2cases.awk TAP
# NAME is <suite>.<entry>.<check>: the check is its description in lower
# case with every number of two or more digits (pids, fds) as "n" and every
# other run of characters outside [a-z0-9] as "_", "_2", "_3"... added when
# an entry repeats a description; an entry skipped or broken whole is
# <suite>.<entry>. The same rule names KCIDB test paths (nsharness --kcidb,
# under "nsprobe."). RESULT: pass, fail, skip (SKIP, and TODO whatever its
# result, as the runner counts it), or
# unknown for a broken check (severity: broken) or entry (our setup failed:
# nothing learnt about the kernel).
function slug(s) {
	sub(/[ \t]+#[ \t]*(SKIP|TODO|skip|todo).*$/, "", s)
	s = tolower(s)
	gsub(/[0-9][0-9]+/, "n", s)
	gsub(/[^a-z0-9]+/, "_", s)
	gsub(/^_+|_+$/, "", s)
	return s
}
function flush() {
	if (pname != "") print presult, pname
	pname = ""
}
/^# Subtest: / { flush(); entry = substr($0, 12); npoints = 0; split("", seen); next }
/^    (not )?ok / {
	flush()
	line = $0
	failed = (line ~ /^    not ok/)
	sub(/^    (not )?ok[ \t]+[0-9]*[ \t]*-?[ \t]*/, "", line)
	presult = failed ? "fail" : "pass"
	if (line ~ /#[ \t]*(SKIP|skip)/) presult = "skip"
	else if (line ~ /#[ \t]*(TODO|todo)/) presult = "skip"
	s = slug(line)
	if (s == "") s = "check"
	seen[s]++
	pname = entry "." s (seen[s] > 1 ? "_" seen[s] : "")
	npoints++
	next
}
/^      severity: *broken/ { if (pname != "" && presult == "fail") presult = "unknown"; next }
/^(not )?ok / {
	flush()
	line = $0
	failed = (line ~ /^not ok/)
	sub(/^(not )?ok[ \t]+[0-9]*[ \t]*-?[ \t]*/, "", line)
	name = line
	sub(/[ \t]+#.*$/, "", name)
	if (npoints == 0 && name != "") {
		if (line ~ /#[ \t]*(SKIP|skip)/) print "skip", name
		else print (failed ? "unknown" : "pass"), name
	}
	npoints = 0
	next
}
END { flush() }
