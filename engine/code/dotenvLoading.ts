// Whether a file makes the application load `.env` files itself: a `dotenv` call in code, the
// dotenv gem, pydantic's `env_file`, or a framework that reads `.env` on its own (Next.js, Vite,
// Create React App, Nuxt, SvelteKit, Astro, Remix). Such code gets its variables from those files
// when it runs locally, whatever the Compose file sets.
import * as path from 'node:path';

const IN_CODE = [
  /require\(\s*['"]dotenv(?:\/config)?['"]\s*\)|from\s+['"]dotenv(?:\/config)?['"]|import\s+['"]dotenv\/config['"]|\bdotenv\s*\.\s*config\s*\(|@next\/env|\bloadEnvFile\s*\(/,
  /\bload_dotenv\s*\(|\bdotenv_values\s*\(|\benv_file\s*=|\bread_env\s*\(/,
  /\bDotenv\s*\.\s*(load|overload)\b|require\s+['"]dotenv/,
  /\bgodotenv\s*\.\s*(Load|Overload)\s*\(/,
  /\bdotenvy?\s*::\s*(dotenv|from_filename|from_path)\b/,
  /\bDotenvy\b/,
];
/**
 * Every IN_CODE pattern contains one of these: one search rules out most files at a tenth of the
 * cost of trying each pattern (an edited YAML file is searched on every keystroke).
 */
const IN_CODE_WORDS = /[Dd]otenv|env_file|read_env|@next\/env|loadEnvFile/;
const GEMFILE = /\bgem\s+['"]dotenv(-rails)?['"]/;
const PACKAGE_JSON = /"(next|vite|react-scripts|nuxt|astro|@sveltejs\/kit|@remix-run\/dev)"\s*:|--env-file/;

export function loadsDotenvFiles(file: string, text: string): boolean {
  const base = path.posix.basename(file);
  if (base === 'Gemfile') return GEMFILE.test(text);
  if (base === 'package.json') return PACKAGE_JSON.test(text);
  return IN_CODE_WORDS.test(text) && IN_CODE.some((re) => re.test(text));
}
