#!/usr/bin/env bash
# ops/bench ROUNDS statements: `recon statement show` (release build, no
# database) on 1, 10 and 100 MB files of ordinary statements and of adversarial
# shapes (ops/lib/statement-shapes.py), per format. Prints per file the median
# seconds over the rounds, seconds per MB, the ratio of that to the ordinary
# file of the same format and size (target <= 2), and peak RSS (target: flat in
# file size). Then the refused hostile shapes of issue 15 (100,000 deep, one
# 100 MB text): time and RSS to the refusal. Files are generated once (untimed)
# into $RECON_BENCH_DIR/statements.
set -euo pipefail
rounds="${1:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${RECON_BENCH_DIR:-$root/var/bench}/statements"
sizes="${RECON_BENCH_STATEMENT_SIZES:-1 10 100}"
mkdir -p "$work"
command -v python3 >/dev/null || { apt-get update -qq; apt-get install -y -qq python3 >/dev/null; }
command -v /usr/bin/time >/dev/null || { apt-get update -qq; apt-get install -y -qq time >/dev/null; }

echo "==> building (release)"
(cd "$root" && swift build -c release --product recon 2>&1 | tail -n 1)
recon="$root/.build/release/recon"

shapes() { case $1 in camt053) echo "ordinary deep wide long" ;; *) echo "ordinary long" ;; esac; }
file_of() { echo "$work/$1-$2-$3mb.txt"; }

echo "==> generating inputs (untimed)"
for format in camt053 mt940 bai2 csv; do
    for shape in $(shapes $format); do
        for size in $sizes; do
            f=$(file_of $format $shape $size)
            [ -s "$f" ] || python3 "$root/ops/lib/statement-shapes.py" $format $shape $size "$f"
        done
    done
done
hostile_deep="$work/camt053-hostile-deep.txt"; [ -s "$hostile_deep" ] || python3 "$root/ops/lib/statement-shapes.py" camt053 hostile-deep 1 "$hostile_deep"
hostile_long="$work/camt053-hostile-long.txt"; [ -s "$hostile_long" ] || python3 "$root/ops/lib/statement-shapes.py" camt053 hostile-long 100 "$hostile_long"

measure() { # format file -> "seconds rss_kb exit"
    local status measured="$work/.time"
    /usr/bin/time -o "$measured" -f "%e %M" "$recon" statement show --format "$1" "$2" >/dev/null 2>/dev/null && status=0 || status=$?
    echo "$(tail -n 1 "$measured") $status"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A seconds rss status
for round in $(seq 1 "$rounds"); do
    for format in camt053 mt940 bai2 csv; do
        for size in $sizes; do
            for shape in $(shapes $format); do
                read -r s m e <<<"$(measure $format "$(file_of $format $shape $size)")"
                seconds[$format,$shape,$size]+="$s "
                rss[$format,$shape,$size]+="$m "
                status[$format,$shape,$size]=$e
            done
        done
    done
    for hostile in deep long; do
        f="$work/camt053-hostile-$hostile.txt"
        read -r s m e <<<"$(measure camt053 "$f")"
        seconds[hostile,$hostile]+="$s "; rss[hostile,$hostile]+="$m "; status[hostile,$hostile]=$e
    done
done

printf '\n%-8s %-9s %5s %9s %8s %8s %9s %5s\n' format shape MB seconds s/MB ratio rss_MB exit
for format in camt053 mt940 bai2 csv; do
    for size in $sizes; do
        for shape in $(shapes $format); do
            f=$(file_of $format $shape $size)
            mb=$(echo "$(stat -c %s "$f") / 1000000" | bc -l)
            s=$(echo ${seconds[$format,$shape,$size]} | tr ' ' '\n' | median)
            m=$(echo ${rss[$format,$shape,$size]} | tr ' ' '\n' | median)
            per=$(echo "$s / $mb" | bc -l)
            [ "$shape" = ordinary ] && base=$per
            ratio=$(echo "$per / $base" | bc -l)
            printf '%-8s %-9s %5.0f %9.2f %8.3f %8.2f %9.1f %5s\n' $format $shape "$mb" "$s" "$per" "$ratio" \
                "$(echo "$m / 1024" | bc -l)" "${status[$format,$shape,$size]}"
        done
    done
done
for hostile in deep long; do
    f="$work/camt053-hostile-$hostile.txt"
    mb=$(echo "$(stat -c %s "$f") / 1000000" | bc -l)
    s=$(echo ${seconds[hostile,$hostile]} | tr ' ' '\n' | median)
    m=$(echo ${rss[hostile,$hostile]} | tr ' ' '\n' | median)
    printf '%-8s %-9s %5.1f %9.2f %8s %8s %9.1f %5s  (refused)\n' camt053 "hostile-$hostile" "$mb" "$s" - - \
        "$(echo "$m / 1024" | bc -l)" "${status[hostile,$hostile]}"
done
