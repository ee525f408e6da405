// Variables that servers, frameworks and SDKs read by themselves, so application code never names
// them: declaring one is not "unused". Each entry comes from the documentation of the tool that
// reads it (Gunicorn/Uvicorn/Puma settings, Rails and Django configuration guides, libpq
// environment variables, the AWS/Google/Sentry/OpenAI SDK configuration pages, Celery
// configuration, Strapi's admin token settings, Create React App's advanced configuration, Auth.js, Gin, OpenTelemetry and Datadog environment specs). Checked 2026-11-24.

export const IMPLICIT_VARS: readonly string[] = [
  // Process managers and app servers
  'WEB_CONCURRENCY', 'GUNICORN_CMD_ARGS', 'FORWARDED_ALLOW_IPS', 'RAILS_MAX_THREADS', 'RAILS_MIN_THREADS', 'PUMA_WORKERS',
  // Rails / Rack / Sidekiq
  'RAILS_ENV', 'RACK_ENV', 'RAILS_MASTER_KEY', 'SECRET_KEY_BASE', 'RAILS_SERVE_STATIC_FILES', 'RAILS_LOG_TO_STDOUT', 'RAILS_LOG_LEVEL',
  'DATABASE_URL', 'REDIS_URL', 'REDIS_PROVIDER', 'MALLOC_ARENA_MAX', 'RUBY_YJIT_ENABLE', 'BUNDLER_VERSION', 'LD_PRELOAD',
  // Python / Django / Celery
  'DJANGO_SETTINGS_MODULE', 'PYTHONPATH', 'PYTHONUNBUFFERED', 'PYTHONDONTWRITEBYTECODE', 'PYTHONHASHSEED',
  'CELERY_BROKER_URL', 'CELERY_RESULT_BACKEND', 'FLASK_APP', 'FLASK_ENV', 'FLASK_DEBUG',
  // Strapi reads these itself when its config does not set them
  'API_TOKEN_SALT', 'TRANSFER_TOKEN_SALT',
  // Create React App's development server
  'HOST', 'BROWSER', 'GENERATE_SOURCEMAP', 'CHOKIDAR_USEPOLLING', 'WATCHPACK_POLLING', 'WDS_SOCKET_PORT', 'FAST_REFRESH',
  // Node
  'NODE_ENV', 'NODE_OPTIONS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_EXTRA_CA_CERTS', 'DEBUG', 'NEXTAUTH_URL', 'NEXTAUTH_SECRET', 'AUTH_SECRET', 'AUTH_URL', 'AUTH_TRUST_HOST',
  // PostgreSQL clients (libpq and node-postgres read these)
  'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'PGSSLMODE', 'PGAPPNAME',
  // Cloud and service SDKs
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_PROFILE',
  'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'ANTHROPIC_API_KEY',
  'HF_TOKEN', 'HF_HOME', 'HUGGING_FACE_HUB_TOKEN',
  // Go / Rust / JVM
  'GOMAXPROCS', 'GOGC', 'GODEBUG', 'GOMEMLIMIT', 'GIN_MODE', 'RUST_LOG', 'RUST_BACKTRACE', 'JAVA_OPTS', 'JAVA_TOOL_OPTIONS',
  // Elixir releases
  'MIX_ENV', 'PHX_SERVER', 'PHX_HOST', 'POOL_SIZE', 'ECTO_IPV6', 'DNS_CLUSTER_QUERY',
  // Networking and TLS
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE',
];

/** Whole families read by one tool (`SENTRY_DSN`, `OTEL_SERVICE_NAME`, `NPM_CONFIG_PRODUCTION` …). */
export const IMPLICIT_PREFIXES: readonly string[] = [
  'SENTRY_', 'OTEL_', 'DD_', 'NEW_RELIC_', 'NPM_CONFIG_', 'YARN_', 'PIP_', 'POETRY_', 'UV_', 'BUNDLE_', 'UVICORN_', 'GUNICORN_',
  'ROCKET_', 'RELEASE_', 'ERL_', 'ELIXIR_', 'ERLANG_', 'COMPOSE_', 'DOCKER_',
];

export function isImplicitVar(name: string): boolean {
  return IMPLICIT_VARS.includes(name) || IMPLICIT_PREFIXES.some((p) => name.startsWith(p));
}
