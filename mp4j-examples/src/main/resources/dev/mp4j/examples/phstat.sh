#!/bin/sh
# Stand-in for the seed's Fortran program phstat: statistics over the numbers in a file, one per
# line. Prints "n=.. mean=.. min=.. max=.." on stdout; on bad input prints the reason on stderr and
# exits non-zero (2: unreadable file, 3: a line is not a number, 4: no numbers at all).
set -u
file="$1"
if [ ! -r "$file" ] || [ -d "$file" ]; then
    echo "phstat: cannot read $file" >&2
    exit 2
fi
awk '
    /^[[:space:]]*$/ { next }
    $0 !~ /^[[:space:]]*-?[0-9]+(\.[0-9]+)?[[:space:]]*$/ {
        printf "phstat: %s line %d is not a number: %s\n", FILENAME, FNR, $0 > "/dev/stderr"
        bad = 1
        exit 3
    }
    {
        n++; sum += $1
        if (n == 1 || $1 + 0 < min) min = $1 + 0
        if (n == 1 || $1 + 0 > max) max = $1 + 0
    }
    END {
        if (bad) exit 3
        if (n == 0) { printf "phstat: %s has no numbers\n", FILENAME > "/dev/stderr"; exit 4 }
        printf "n=%d mean=%.3f min=%s max=%s\n", n, sum / n, min, max
    }
' "$file"
