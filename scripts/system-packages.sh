# Debian packages the tests use, installed when missing (they are not npm
# packages): Prometheus and promtool for the SLO rule and SLI-source tests,
# Chromium for the end-to-end tests and `yarn bench:ui` (driven by
# playwright-core, which cannot download browsers here).
# Source it after scripts/toolchain.sh.

steward_missing_packages=()
command -v promtool >/dev/null 2>&1 || steward_missing_packages+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || steward_missing_packages+=(prometheus-alertmanager)
[ -x /usr/bin/chromium ] || steward_missing_packages+=(chromium)

if [ "${#steward_missing_packages[@]}" -gt 0 ]; then
  echo "system packages: installing ${steward_missing_packages[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
    --no-install-recommends "${steward_missing_packages[@]}" >&2
fi
