#!/usr/bin/env bash
# Prints recon(1) in man(7) format, made from the binary's own --help of
# every command and subcommand, so the page can never disagree with it.
# Usage: ops/lib/manpage.sh PATH/TO/recon
set -euo pipefail
recon="$1"

# Subcommand names from a help text's SUBCOMMANDS section.
subcommands() {
    "$recon" "$@" --help 2>/dev/null | awk '/^SUBCOMMANDS:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ && seen {exit} on {seen=1}'
}

# Help text set verbatim; a leading dot or backslash would be read as a request.
verbatim() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"; }

section() {
    printf '.SS "recon %s"\n.nf\n' "$*"
    "$recon" "$@" --help | verbatim
    printf '.fi\n'
}

cat <<HEAD
.TH RECON 1 "" "recon $("$recon" --version)" "User Commands"
.SH NAME
recon \\- payment reconciliation batch processor
.SH SYNOPSIS
.B recon
.I command
[\\fIoptions\\fR]
.SH DESCRIPTION
HEAD
"$recon" --help | verbatim | sed -e '1s/^OVERVIEW: //' -e '/^USAGE:/,$d'
cat <<'BODY'
.PP
The database is named by \fB\-\-database\-url\fR or \fBDATABASE_URL\fR, a libpq
URL (TLS: \fBsslmode=verify\-full&sslrootcert=\fR...; failover: several
\fIhost:port\fR with \fBtarget_session_attrs=read\-write\fR). Migrations are
inside the binary: \fBrecon db migrate\fR needs no files. An example job is
installed under \fIshare/recon/examples/jobs/nightly.yaml\fR.
.SH "EXIT STATUS"
0 all clean; 1 completed with mismatches or rejects; 64 bad arguments;
65 bad input data; 69 database unavailable; 70 internal error; 73 cannot
write an output file; 75 another run holds the job lock (retry later, or
\fB\-\-wait\-lock\fR); 78 configuration error.
.SH COMMANDS
BODY
for command in $(subcommands); do
    section "$command"
    for sub in $(subcommands "$command"); do section "$command" "$sub"; done
done
