import * as assert from 'node:assert/strict';
import { loadsDotenvFiles } from '../../engine/code/dotenvLoading';

describe('code index: files that load .env files themselves', () => {
  it('recognises each way of loading them (the substring pre-check lets every one through)', () => {
    for (const text of [
      "require('dotenv').config()", "import 'dotenv/config'", 'import { config } from "dotenv"', 'dotenv.config({ path })', "import { loadEnvConfig } from '@next/env'", 'process.loadEnvFile()',
      'load_dotenv()', 'dotenv_values(".env")', 'model_config = SettingsConfigDict(env_file=".env")', 'env.read_env()',
      'Dotenv.load', "require 'dotenv'", 'godotenv.Load()', 'dotenvy::dotenv()', 'Dotenvy.source!()',
    ]) assert.equal(loadsDotenvFiles('src/app.ts', text), true, text);
  });

  it('says no for code and config that only mention variables', () => {
    assert.equal(loadsDotenvFiles('docker-compose.yml', 'services:\n  api:\n    env_file: .env\n'), false);
    assert.equal(loadsDotenvFiles('src/app.py', 'import os\nos.environ["DOTENV"]\n'), false);
  });
});
