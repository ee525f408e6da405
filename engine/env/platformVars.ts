// Variables a service has without declaring them: what Render injects, per-language build defaults,
// what the operating system and common frameworks set. A read of one is never "missing", and a
// declaration of one is never "unused".
//
// Render: render-oss/skills `skills/render-env-vars/references/platform-variables.md`
// (commit 3f2aa30eaadc1c2cc6bb402f8eee93f7db844218), as summarised in
// /work/shared/reference/render-blueprint.md ("Platform variables"). Checked 2026-11-24.

/** Injected into every Render service (build and/or runtime). */
export const RENDER_PLATFORM_VARS: readonly string[] = [
  'RENDER', 'RENDER_SERVICE_TYPE', 'RENDER_SERVICE_ID', 'RENDER_SERVICE_NAME', 'RENDER_INSTANCE_ID',
  'RENDER_EXTERNAL_URL', 'RENDER_EXTERNAL_HOSTNAME', 'RENDER_DISCOVERY_SERVICE', 'RENDER_GIT_COMMIT',
  'RENDER_GIT_BRANCH', 'PORT', 'IS_PULL_REQUEST', 'RENDER_CPU_COUNT', 'RENDER_WEB_CONCURRENCY',
];

/** Set by Render's native build pipelines for a runtime (same source, "Per-language defaults"). */
export const RENDER_RUNTIME_VARS: Readonly<Record<string, readonly string[]>> = {
  node: ['NODE_ENV', 'NODE_VERSION'],
  python: ['PYTHON_VERSION', 'GUNICORN_CMD_ARGS'],
  ruby: ['RAILS_ENV', 'RAILS_LOG_TO_STDOUT'],
  go: ['GO111MODULE'],
  rust: ['RUSTUP_TOOLCHAIN', 'ROCKET_PORT'],
  elixir: ['ELIXIR_VERSION', 'ERLANG_VERSION'],
};

/** Toolchain selectors Render reads from the service's variables (declaring them is their use). */
export const RENDER_VERSION_VARS: readonly string[] = ['NODE_VERSION', 'PYTHON_VERSION', 'RUSTUP_TOOLCHAIN', 'ELIXIR_VERSION', 'ERLANG_VERSION', 'BUN_VERSION', 'POETRY_VERSION', 'UV_VERSION'];

/** Present in any process environment (POSIX shells and container images). */
export const OS_VARS: readonly string[] = ['PATH', 'HOME', 'HOSTNAME', 'USER', 'PWD', 'SHELL', 'LANG', 'TERM', 'TMPDIR', 'TZ', 'LC_ALL'];

/**
 * Set by the build tool itself, never by the deploy config: Create React App sets NODE_ENV and
 * PUBLIC_URL in bundled code; Next.js sets NEXT_RUNTIME and NODE_ENV; bundlers replace NODE_ENV.
 * Environment selectors (RAILS_ENV, RACK_ENV, MIX_ENV) fall back to development when unset.
 */
export const FRAMEWORK_VARS: readonly string[] = ['NODE_ENV', 'PUBLIC_URL', 'NEXT_RUNTIME', 'NEXT_PHASE', 'RAILS_ENV', 'RACK_ENV', 'MIX_ENV'];
