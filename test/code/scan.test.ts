import * as assert from 'node:assert/strict';
import { scanSource, isSuppressedRead, type LocatedRead } from '../../engine/code/scan';
import { environmentOf, languageOf, roleOf } from '../../engine/code/languages';
import { LineIndex } from '../../engine/text/lineIndex';
import type { Language } from '../../engine/code/languages';

/** `NAME line:col required|optional|default=<text>`, 1-based; `NAME[text]` when the range holds other text than the name. */
function reads(language: Language, text: string): string[] {
  const lines = new LineIndex(text);
  return scanSource(language, text).reads.map((r: LocatedRead) => {
    const p = lines.positionAt(r.start);
    const at = text.slice(r.start, r.end);
    const how = r.hasDefault ? `default=${r.default}` : r.optional ? 'optional' : 'required';
    return `${r.name}${at === r.name ? '' : `[${at}]`} ${p.line + 1}:${p.character + 1} ${how}`;
  });
}

describe('env reads: JavaScript and TypeScript', () => {
  it('reads an Express server, skipping comments, strings, template text and regexes', () => {
    const src = [
      "import express from 'express';", // 1
      '// process.env.COMMENTED is not read', // 2
      '/* const legacy = process.env.LEGACY_TOKEN; */', // 3
      "const help = 'set process.env.IN_STRING to change it'; // don't", // 4
      'const db = process.env.DATABASE_URL;', // 5
      'const port = Number(process.env.PORT) || 3000;', // 6
      "const region = process.env.AWS_REGION ?? 'eu-west-1';", // 7
      "const { API_KEY, CURRENCY = 'EUR', 'X_FLAG': flag } = process.env;", // 8
      'const url = `${process.env.PUBLIC_HOST}/api // not a comment`;', // 9
      'const pattern = /process.env.IN_REGEX/g;', // 10
      "if (process.env.FEATURE_BETA) console.log('beta');", // 11
      "const debug = process.env.DEBUG === 'true';", // 12
      "const key = process.env['STRIPE_KEY'];", // 13
      "process.env.WRITTEN = 'yes';", // 14
      'const token = process.env.SLACK_TOKEN;', // 15
      "if (!token) throw new Error('SLACK_TOKEN is required');", // 16
      'export const secret: string = process.env.JWT_SECRET!;', // 17
      'const el = <p>Don\'t forget {process.env.JSX_VAR}</p>;', // 18
    ].join('\n');
    assert.deepEqual(reads('js', src), [
      'DATABASE_URL 5:24 required',
      'PORT 6:33 required',
      'AWS_REGION 7:28 default=eu-west-1',
      'API_KEY 8:9 required',
      'CURRENCY 8:18 default=EUR',
      'X_FLAG 8:37 required',
      'PUBLIC_HOST 9:28 required',
      'FEATURE_BETA 11:17 optional',
      'DEBUG 12:27 optional',
      'STRIPE_KEY 13:26 required',
      'SLACK_TOKEN 15:27 optional',
      'JWT_SECRET 17:43 required',
      'JSX_VAR 18:41 required',
    ]);
  });

  it('reads Vite, Bun, Deno and Strapi config helpers', () => {
    const vite = "const api = import.meta.env.VITE_API_URL;\nconst mode = import.meta.env.MODE;\n";
    assert.deepEqual(reads('js', vite), ['VITE_API_URL 1:29 required']);
    const deno = "const kv = Deno.env.get('DENO_KV_URL') ?? 'memory';\nconst key = Deno.env.get(\"OPENAI_KEY\");\nconst bun = Bun.env.BUN_PORT;\n";
    assert.deepEqual(reads('js', deno), ['DENO_KV_URL 1:26 default=memory', 'OPENAI_KEY 2:27 required', 'BUN_PORT 3:21 required']);
    const strapi = "module.exports = ({ env }) => ({\n  host: env('HOST', '0.0.0.0'),\n  port: env.int('PORT', 1337),\n  keys: env.array('APP_KEYS'),\n  secret: env('ADMIN_JWT_SECRET'),\n});\n";
    assert.deepEqual(reads('js', strapi), ['HOST 2:14 default=0.0.0.0', 'PORT 3:18 default=1337', 'APP_KEYS 4:20 required', 'ADMIN_JWT_SECRET 5:16 required']);
  });

  it('takes optional and default values from a t3-env schema', () => {
    const src = [
      'export const env = createEnv({', // 1
      '  server: {', // 2
      '    // Only used in development.', // 3
      '    NEXTAUTH_URL: z.string().url().optional(),', // 4
      '    NEXTAUTH_SECRET: z.string().min(1),', // 5
      "    PORT: z.coerce.number().default(3000),", // 6
      '  },', // 7
      '  runtimeEnv: {', // 8
      '    NEXTAUTH_URL: process.env.NEXTAUTH_URL,', // 9
      '    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,', // 10
      '    PORT: process.env.PORT,', // 11
      '  },', // 12
      '});', // 13
    ].join('\n');
    assert.deepEqual(reads('js', src), ['NEXTAUTH_URL 9:31 optional', 'NEXTAUTH_SECRET 10:34 required', 'PORT 11:23 default=3000']);
  });

  it('marks computed names as dynamic', () => {
    assert.equal(scanSource('js', 'const v = process.env[name];\n').dynamic, true);
    assert.equal(scanSource('js', 'for (const k of Object.keys(process.env)) {}\n').dynamic, true);
    assert.equal(scanSource('js', 'const { A, ...rest } = process.env;\n').dynamic, true);
    assert.equal(scanSource('js', 'spawn(cmd, { env: { ...process.env, X: "1" } });\n').dynamic, false);
  });
});

describe('env reads: Python', () => {
  it('reads a Django settings module, skipping docstrings and comments', () => {
    const src = [
      '"""Settings for mysite.', // 1
      '', // 2
      'Use os.environ["DOCSTRING_VAR"] to configure.', // 3
      '"""', // 4
      'import os', // 5
      'import dj_database_url', // 6
      '', // 7
      "SECRET_KEY = os.environ['SECRET_KEY']  # os.environ['IN_COMMENT']", // 8
      "DEBUG = os.getenv('DEBUG', 'False') == 'True'", // 9
      "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')", // 10
      "RENDER_EXTERNAL_HOSTNAME = os.environ.get('RENDER_EXTERNAL_HOSTNAME')", // 11
      'if RENDER_EXTERNAL_HOSTNAME:', // 12
      '    ALLOWED_HOSTS.append(RENDER_EXTERNAL_HOSTNAME)', // 13
      "DATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3', conn_max_age=600)}", // 14
      "EMAIL_HOST = os.getenv('EMAIL_HOST') or 'localhost'", // 15
      "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')", // 16
      "REDIS = f\"redis://{os.environ['REDIS_HOST']}:{os.getenv('REDIS_PORT', '6379')} # text\"", // 17
      "os.environ['WRITTEN'] = '1'", // 18
      "if os.getenv('SENTRY_DSN'):", // 19
      "    sentry_sdk.init(os.environ['SENTRY_DSN'])", // 20
      "STRIPE_KEY = os.environ.get('STRIPE_KEY')", // 21
    ].join('\n');
    assert.deepEqual(reads('python', src), [
      'SECRET_KEY 8:26 required',
      'DEBUG 9:20 default=False',
      'ALLOWED_HOSTS 10:33 default=localhost',
      'RENDER_EXTERNAL_HOSTNAME 11:44 optional',
      'DATABASE_URL[dj_database_url.config] 14:25 default=sqlite:///db.sqlite3',
      'EMAIL_HOST 15:25 default=localhost',
      'DJANGO_SETTINGS_MODULE 16:24 default=mysite.settings',
      'REDIS_HOST 17:32 required',
      'REDIS_PORT 17:58 default=6379',
      'SENTRY_DSN 19:15 optional',
      'SENTRY_DSN 20:33 optional',
      'STRIPE_KEY 21:30 required',
    ]);
  });

  it('reads pydantic settings with env_prefix, aliases, defaults and Optional', () => {
    const src = [
      'from typing import Optional', // 1
      'from pydantic import Field', // 2
      'from pydantic_settings import BaseSettings, SettingsConfigDict', // 3
      '', // 4
      '', // 5
      'class Settings(BaseSettings):', // 6
      '    """Read from APP_* variables; e.g. APP_DOC_ONLY is not a field."""', // 7
      '    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")', // 8
      '', // 9
      '    database_url: str', // 10
      '    debug: bool = False', // 11
      '    sentry_dsn: Optional[str] = None', // 12
      '    redis_url: str | None', // 13
      '    api_key: str = Field(..., alias="EXTERNAL_API_KEY")', // 14
      '    timeout: int = Field(default=30)', // 15
      '    # old_field: str', // 16
      '', // 17
      '', // 18
      'class Other:', // 19
      '    not_a_setting: str', // 20
    ].join('\n');
    assert.deepEqual(reads('python', src), [
      'APP_DATABASE_URL[database_url] 10:5 required',
      'APP_DEBUG[debug] 11:5 default=False',
      'APP_SENTRY_DSN[sentry_dsn] 12:5 default=None',
      'APP_REDIS_URL[redis_url] 13:5 optional',
      'EXTERNAL_API_KEY[api_key] 14:5 required',
      'APP_TIMEOUT[timeout] 15:5 default=30',
    ]);
    const v1 = 'class Settings(BaseSettings):\n    secret: str\n\n    class Config:\n        env_prefix = "svc_"\n        case_sensitive = True\n';
    assert.deepEqual(reads('python', v1), ['svc_secret[secret] 2:5 required']);
  });

  it('reads django-environ and python-decouple', () => {
    const environ = "import environ\nenv = environ.Env()\nSECRET_KEY = env('DJANGO_SECRET_KEY')\nDEBUG = env.bool('DJANGO_DEBUG', default=False)\nDATABASES = {'default': env.db()}\n";
    assert.deepEqual(reads('python', environ), ['DJANGO_SECRET_KEY 3:19 required', 'DJANGO_DEBUG 4:19 default=False', 'DATABASE_URL[env.db] 5:25 required']);
    const decouple = "from decouple import config, Csv\nSECRET = config('SECRET')\nHOSTS = config('HOSTS', default='*', cast=Csv())\n";
    assert.deepEqual(reads('python', decouple), ['SECRET 2:18 required', 'HOSTS 3:17 default=*']);
  });
});

describe('env reads: Ruby', () => {
  it('reads a Rails initializer, skipping comments, =begin blocks and heredocs', () => {
    const src = [
      '# frozen_string_literal: true', // 1
      '# ENV["COMMENTED"] is not read', // 2
      '=begin', // 3
      'ENV["IN_BLOCK_COMMENT"]', // 4
      '=end', // 5
      'Stripe.api_key = ENV["STRIPE_SECRET_KEY"]', // 6
      'redis_url = ENV.fetch("REDIS_URL")', // 7
      'threads = ENV.fetch("RAILS_MAX_THREADS", 5)', // 8
      'host = ENV.fetch("APP_HOST") { "localhost:3000" }', // 9
      'workers = Integer(ENV["WEB_CONCURRENCY"] || 2)', // 10
      'if ENV["RAILS_LOG_TO_STDOUT"].present?', // 11
      '  logger = ActiveSupport::Logger.new($stdout)', // 12
      'end', // 13
      'sql = <<~SQL', // 14
      '  SELECT \'ENV["IN_HEREDOC"]\'', // 15
      'SQL', // 16
      'banner = "Mail from #{ENV["MAIL_FROM"]} # not a comment"', // 17
      'ENV["WRITTEN"] = "1"', // 18
    ].join('\n');
    assert.deepEqual(reads('ruby', src), [
      'STRIPE_SECRET_KEY 6:23 required',
      'REDIS_URL 7:24 required',
      'RAILS_MAX_THREADS 8:22 default=5',
      'APP_HOST 9:19 default=block',
      'WEB_CONCURRENCY 10:24 default=2',
      'RAILS_LOG_TO_STDOUT 11:9 optional',
      'MAIL_FROM 17:28 required',
    ]);
  });
});

describe('env reads: guards and fallbacks', () => {
  it('treats a value stored then tested, a statement modifier and a fallback argument as optional', () => {
    const ruby = 'secret = ENV["STRIPE_SECRET"]\nreturn nil unless secret.present?\npidfile ENV["PIDFILE"] if ENV["PIDFILE"]\nfield :token, default: ENV["OPENAI_TOKEN"]\nhost = ENV["HOST"]\n';
    assert.deepEqual(reads('ruby', ruby), ['STRIPE_SECRET 1:15 optional', 'PIDFILE 3:14 optional', 'PIDFILE 3:32 optional', 'OPENAI_TOKEN 4:29 optional', 'HOST 5:13 required']);
    const python = 'import os\nkey = os.getenv("API_KEY")\nif not key:\n    raise SystemExit("set API_KEY")\nx = Field(default=os.getenv("X"))\n';
    assert.deepEqual(reads('python', python), ['API_KEY 2:18 optional', 'X 5:30 optional']);
    const js = "const cfg = { default: process.env.FALLBACK_URL };\n";
    assert.deepEqual(reads('js', js), ['FALLBACK_URL 1:36 optional']);
  });
});

describe('env reads: Go', () => {
  it('reads a net/http server, skipping comments and raw strings', () => {
    const src = [
      'package main', // 1
      '', // 2
      '// os.Getenv("COMMENTED")', // 3
      '/* os.Getenv("BLOCK") */', // 4
      'const usage = `set os.Getenv("RAW") to configure`', // 5
      '', // 6
      'func main() {', // 7
      '\tport := os.Getenv("PORT")', // 8
      '\tif port == "" {', // 9
      '\t\tport = "8080"', // 10
      '\t}', // 11
      '\tdsn := os.Getenv("DATABASE_URL")', // 12
      '\tdb, err := sql.Open("postgres", dsn)', // 13
      '\tif os.Getenv("DEBUG") != "" {', // 14
      '\t\tlog.SetFlags(log.Lshortfile)', // 15
      '\t}', // 16
      '\ttoken, ok := os.LookupEnv("API_TOKEN")', // 17
      '\taddr := cmp.Or(os.Getenv("LISTEN_ADDR"), ":8080")', // 18
      "\tquote := '\"'", // 19
      '\tkey := os.Getenv("STRIPE_KEY")', // 20
      '}', // 21
    ].join('\n');
    assert.deepEqual(reads('go', src), [
      'PORT 8:21 default=8080',
      'DATABASE_URL 12:20 required',
      'DEBUG 14:16 optional',
      'API_TOKEN 17:29 optional',
      'LISTEN_ADDR 18:28 default=:8080',
      'STRIPE_KEY 20:20 required',
    ]);
  });
});

describe('env reads: Rust', () => {
  it('reads an Axum main, skipping nested comments, raw strings and lifetimes', () => {
    const src = [
      '// env::var("COMMENTED")', // 1
      '/* outer /* env::var("NESTED") */ still a comment */', // 2
      'fn name<\'a>(s: &\'a str) -> &\'a str { s }', // 3
      'fn main() -> anyhow::Result<()> {', // 4
      '    let doc = r#"env::var("RAW")"#;', // 5
      '    let db = env::var("DATABASE_URL").expect("DATABASE_URL must be set");', // 6
      '    let port: u16 = std::env::var("PORT").unwrap_or("3000".into()).parse()?;', // 7
      '    let key = env::var("API_KEY")?;', // 8
      '    let quote = \'"\';', // 9
      '    let level = env::var("RUST_LOG").ok();', // 10
      '    let workers = env::var("WORKERS").unwrap_or_default();', // 11
      '    Ok(())', // 12
      '}', // 13
    ].join('\n');
    assert.deepEqual(reads('rust', src), [
      'DATABASE_URL 6:24 required',
      'PORT 7:36 default="3000".into()',
      'API_KEY 8:25 required',
      'RUST_LOG 10:27 optional',
      'WORKERS 11:29 default=',
    ]);
  });
});

describe('env reads: Elixir', () => {
  it('reads a Phoenix runtime.exs, skipping heredocs and character literals', () => {
    const src = [
      'import Config', // 1
      '# System.get_env("COMMENTED")', // 2
      'database_url =', // 3
      '  System.get_env("DATABASE_URL") ||', // 4
      '    raise """', // 5
      '    environment variable DATABASE_URL is missing. System.get_env("IN_HEREDOC")', // 6
      '    """', // 7
      'host = System.get_env("PHX_HOST") || "example.com"', // 8
      'port = String.to_integer(System.get_env("PORT", "4000"))', // 9
      'hash = ?#', // 10
      'secret = System.fetch_env!("SECRET_KEY_BASE")', // 11
    ].join('\n');
    assert.deepEqual(reads('elixir', src), [
      'DATABASE_URL 4:19 required',
      'PHX_HOST 8:24 default=example.com',
      'PORT 9:42 default=4000',
      'SECRET_KEY_BASE 11:29 required',
    ]);
  });
});

describe('env reads: suppressions and file roles', () => {
  it('honours readiness-ignore comments in code', () => {
    const src = "// readiness-ignore-next-line env-missing-required\n\nconst a = process.env.A;\nconst b = process.env.B;\n";
    const scan = scanSource('js', src);
    assert.equal(isSuppressedRead(scan, 'env-missing-required', 2), true);
    assert.equal(isSuppressedRead(scan, 'env-missing-required', 3), false);
    assert.equal(isSuppressedRead(scan, 'env-undocumented', 2), false);
    const file = scanSource('python', '# readiness-ignore env-undocumented\nimport os\nX = os.environ["X"]\n');
    assert.equal(isSuppressedRead(file, 'env-undocumented', 2), true);
  });

  it('knows languages and which files are tests or tooling', () => {
    assert.deepEqual(['a.ts', 'b.d.ts', 'c.min.js', 'd.py', 'e.rb', 'f.go', 'g.rs', 'h.exs', 'i.md'].map(languageOf), ['js', undefined, undefined, 'python', 'ruby', 'go', 'rust', 'elixir', undefined]);
    assert.deepEqual(['src/app.ts', 'src/app.test.ts', 'tests/test_api.py', 'pkg/api_test.go', 'spec/models/user_spec.rb', 'scripts/seed.js', 'conftest.py', 'lib/tasks/sync.rake', 'db/seeds.rb', 'prisma/seed.ts'].map(roleOf), ['app', 'test', 'test', 'test', 'test', 'tooling', 'test', 'tooling', 'tooling', 'tooling']);
    assert.deepEqual(['config/environments/production.rb', 'config/env/production/database.js', 'settings/dev.py', 'app/models/user.rb'].map(environmentOf), ['production', 'production', 'development', undefined]);
  });
});
