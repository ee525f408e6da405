// How workflows deploy, and which platform config files a repository holds. One table: the actions
// and commands that *release* to a platform (not the ones that only authenticate, install a CLI,
// build or push an image to a registry: pushing an image is not a deploy). Action slugs and CLI
// verbs from each vendor's documentation and the actions' own READMEs, checked 2026-12-02.

export type PlatformId =
  | 'render' | 'gcp' | 'fly' | 'heroku' | 'railway' | 'aws' | 'azure' | 'digitalocean'
  | 'vercel' | 'netlify' | 'cloudflare' | 'firebase';

export interface Platform {
  id: PlatformId;
  name: string;
  /** Frontend hosts sit beside a backend on Render all the time; they conflict only with a Render static site. */
  frontend: boolean;
}

export const PLATFORMS: Record<PlatformId, Platform> = {
  render: { id: 'render', name: 'Render', frontend: false },
  gcp: { id: 'gcp', name: 'Google Cloud', frontend: false },
  fly: { id: 'fly', name: 'Fly.io', frontend: false },
  heroku: { id: 'heroku', name: 'Heroku', frontend: false },
  railway: { id: 'railway', name: 'Railway', frontend: false },
  aws: { id: 'aws', name: 'AWS', frontend: false },
  azure: { id: 'azure', name: 'Azure', frontend: false },
  digitalocean: { id: 'digitalocean', name: 'DigitalOcean App Platform', frontend: false },
  vercel: { id: 'vercel', name: 'Vercel', frontend: true },
  netlify: { id: 'netlify', name: 'Netlify', frontend: true },
  cloudflare: { id: 'cloudflare', name: 'Cloudflare', frontend: true },
  firebase: { id: 'firebase', name: 'Firebase', frontend: true },
};

/** Actions (`owner/repo[/path]`, lower case) that deploy. Setup-only actions (setup-gcloud, setup-flyctl, auth) are absent on purpose. */
export const DEPLOY_ACTIONS: { match: RegExp; platform: PlatformId; frontend?: boolean }[] = [
  { match: /^google-github-actions\/(deploy-cloudrun|deploy-appengine|deploy-cloud-functions)$/, platform: 'gcp' },
  { match: /^superfly\/flyctl-actions$/, platform: 'fly' },
  { match: /^(akhileshns\/heroku-deploy|gonuit\/heroku-docker-deploy)$/, platform: 'heroku' },
  { match: /^bervproject\/railway-deploy$/, platform: 'railway' },
  { match: /^(aws-actions\/amazon-ecs-deploy-task-definition|aws-actions\/aws-cloudformation-github-deploy|einaregilsson\/beanstalk-deploy|appleboy\/lambda-action)$/, platform: 'aws' },
  { match: /^azure\/(webapps-deploy|functions-action|container-apps-deploy-action)$/, platform: 'azure' },
  { match: /^azure\/static-web-apps-deploy$/, platform: 'azure', frontend: true },
  { match: /^digitalocean\/app_action(\/deploy)?$/, platform: 'digitalocean' },
  { match: /^(amondnet\/vercel-action|betahuhn\/deploy-to-vercel-action)$/, platform: 'vercel' },
  { match: /^nwtgck\/actions-netlify$/, platform: 'netlify' },
  { match: /^cloudflare\/(wrangler-action|pages-action)$/, platform: 'cloudflare' },
  { match: /^firebaseextended\/action-hosting-deploy$/, platform: 'firebase' },
  // Community Render actions: johnbeynon/render-deploy-action, bounceapp/render-action, ttskch/render-deploy …
  { match: /(^|\/)[^/]*render[^/]*deploy|(^|\/)[^/]*deploy[^/]*render|^bounceapp\/render-action$/, platform: 'render' },
];

/** Commands in `run:` scripts that deploy. */
export const DEPLOY_COMMANDS: { match: RegExp; platform: PlatformId; frontend?: boolean; label?: string }[] = [
  { match: /\bgcloud\s+(?:(?:beta|alpha)\s+)?(?:run\s+(?:services\s+)?deploy|run\s+services\s+update|run\s+jobs\s+deploy|app\s+deploy|functions\s+deploy)\b/, platform: 'gcp' },
  { match: /\bfly(?:ctl)?\s+deploy\b/, platform: 'fly' },
  { match: /\bgit\s+push\s+(?:-f\s+|--force\s+)?(?:heroku\b|https:\/\/[^\s]*heroku\.com)|\bheroku\s+(?:container:release|builds:create)\b/, platform: 'heroku' },
  { match: /\brailway\s+(?:up|redeploy)\b/, platform: 'railway' },
  { match: /\baws\s+ecs\s+(?:update-service|deploy)\b|\baws\s+lambda\s+update-function-code\b|\baws\s+apprunner\s+start-deployment\b|\beb\s+deploy\b|\b(?:sam|cdk|serverless|sls)\s+deploy\b|\bcopilot\s+(?:svc\s+)?deploy\b/, platform: 'aws' },
  { match: /\baz\s+(?:webapp\s+(?:deploy|up)|containerapp\s+(?:update|up)|functionapp\s+deployment)\b/, platform: 'azure' },
  { match: /\bdoctl\s+apps\s+(?:create-deployment|update)\b/, platform: 'digitalocean' },
  { match: /\bvercel(?:@[\w.-]+)?\s+(?:deploy\b|--prod\b)/, platform: 'vercel' },
  { match: /\bnetlify(?:-cli)?(?:@[\w.-]+)?\s+deploy\b/, platform: 'netlify' },
  { match: /\bwrangler(?:@[\w.-]+)?\s+(?:deploy|publish|pages\s+deploy)\b/, platform: 'cloudflare' },
  { match: /\bfirebase(?:-tools)?\s+deploy\b/, platform: 'firebase' },
  // Render deploy hooks (`https://api.render.com/deploy/srv-…?key=…`, usually from a secret), the API and the CLI.
  { match: /\bcurl\b[^\n]*(?:api\.render\.com\/(?:deploy\/srv-|v1\/services\/(?:\$\{\{[^}]*\}\}|[^\s/])+\/deploys)|\bRENDER_[A-Z_]*(?:HOOK|DEPLOY)[A-Z_]*)/, platform: 'render', label: 'a deploy hook or API call' },
  { match: /\brender\s+deploys\s+create\b/, platform: 'render' },
];

/**
 * Every DEPLOY_COMMANDS alternative starts with `\b` and one of these words: a line matching none
 * of them is skipped without trying the fourteen patterns (test/workflow/deployCommands.test.ts).
 */
export const DEPLOY_WORD = /\b(?:gcloud|fly|git|heroku|railway|aws|eb|sam|cdk|serverless|sls|copilot|az|doctl|vercel|netlify|wrangler|firebase|curl|render)/;

/**
 * Files that mean the repository is set up for a platform. Only backend hosts are listed: a
 * `vercel.json` beside a Render backend is the usual split, not a conflict.
 */
export const PLATFORM_FILES: { match: RegExp; platform: PlatformId }[] = [
  { match: /^fly\.toml$/, platform: 'fly' },
  { match: /^heroku\.yml$/, platform: 'heroku' },
  { match: /^railway\.(json|toml)$/, platform: 'railway' },
  { match: /^(serverless\.ya?ml|apprunner\.ya?ml)$/, platform: 'aws' },
  { match: /^\.do\/app\.ya?ml$/, platform: 'digitalocean' },
];

/** Platform config files of a workspace (root-level names, plus an App Engine `app.yaml` with `runtime:`). */
export function platformFiles(listFiles: readonly string[], readText: (p: string) => string | undefined): { file: string; platform: PlatformId }[] {
  const out: { file: string; platform: PlatformId }[] = [];
  for (const file of listFiles) {
    const hit = PLATFORM_FILES.find((p) => p.match.test(file));
    if (hit) out.push({ file, platform: hit.platform });
    else if (/^app\.ya?ml$/.test(file) && /^runtime:\s*\S+/m.test(readText(file) ?? '')) out.push({ file, platform: 'gcp' });
  }
  return out;
}
