# A minimal Debian root file system (mmdebstrap --variant=minbase plus the
# packages named) in /var/cache/recon-rootfs, keyed by suite and package
# list, so only the first caller pays (about 2 minutes). Sourced after
# setup.sh. The machine's own apt sources name the mirror.
# Usage: path=$(recon_debian_rootfs SUITE PACKAGE...)
recon_debian_rootfs() {
    local suite="$1"; shift
    local key cache
    key=$(printf '%s %s minbase\n' "$suite" "$*" | sha256sum | cut -c1-16)
    cache="${RECON_ROOTFS_CACHE:-/var/cache/recon-rootfs}/$suite-$key"
    if [ ! -f "$cache/.complete" ]; then
        command -v mmdebstrap >/dev/null || {
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
        }
        echo "==> making a minimal Debian root ($suite minbase + $*) in $cache" >&2
        rm -rf "$cache.partial"; mkdir -p "$(dirname "$cache")"
        mmdebstrap --quiet --variant=minbase --include="$(IFS=,; echo "$*")" \
            "$suite" "$cache.partial" /etc/apt/sources.list.d/debian.sources </dev/null >&2
        touch "$cache.partial/.complete"
        rm -rf "$cache"; mv "$cache.partial" "$cache"
    fi
    echo "$cache"
}
