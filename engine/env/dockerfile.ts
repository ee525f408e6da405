// What a Dockerfile tells the environment rules: the variables its `ENV` lines set (provided to
// the container), and whether the image runs someone else's application (an application base
// image such as `ghost`, or code fetched with `git clone` at build time), whose variables the
// workspace's code cannot be expected to read.

export interface DockerfileFacts {
  env: Set<string>;
  /** True when the running application does not come from this workspace. */
  foreignApp: boolean;
}

/** Language, OS and web-server images: an image built FROM these runs the workspace's own code. */
const OWN_CODE_BASES = /^(node|python|ruby|golang|rust|elixir|erlang|hexpm\/(elixir|erlang)|alpine|debian|ubuntu|busybox|scratch|buildpack-deps|denoland\/deno|oven\/bun|gcr\.io\/distroless\/.*|cgr\.dev\/chainguard\/.*|amazonlinux|fedora|centos|rockylinux|almalinux|eclipse-temurin|openjdk|amazoncorretto|maven|gradle|php|nginx|nginxinc\/.*|caddy|httpd|ghcr\.io\/astral-sh\/uv|astral\/uv|tiangolo\/.*|nikolaik\/python-nodejs|mcr\.microsoft\.com\/(dotnet|playwright)\/?.*|public\.ecr\.aws\/lambda\/.*)$/;

function logicalLines(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n|\r/)) {
    if (/^\s*#/.test(raw) && !current) continue;
    if (/\\\s*$/.test(raw)) {
      current += raw.replace(/\\\s*$/, ' ');
      continue;
    }
    out.push(current + raw);
    current = '';
  }
  if (current) out.push(current);
  return out;
}

export function dockerfileFacts(text: string): DockerfileFacts {
  const env = new Set<string>();
  const stages = new Set<string>();
  let foreignApp = false;
  for (const line of logicalLines(text)) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const instr = m[1].toUpperCase();
    const args = m[2].trim();
    if (instr === 'FROM') {
      const parts = args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const image = (parts[0] ?? '').toLowerCase().replace(/^docker\.io\//, '').replace(/^library\//, '').replace(/[:@].*$/, '');
      if (parts[1]?.toLowerCase() === 'as' && parts[2]) stages.add(parts[2].toLowerCase());
      if (image && !stages.has(image) && !image.includes('$') && !OWN_CODE_BASES.test(image)) foreignApp = true;
    } else if (instr === 'ENV') {
      // `ENV A=1 B="x y"` or the legacy `ENV A 1`.
      if (/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(args)) {
        for (const kv of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) env.add(kv[1]);
      } else {
        const key = /^([A-Za-z_][A-Za-z0-9_]*)\s/.exec(args)?.[1];
        if (key) env.add(key);
      }
    } else if (instr === 'RUN' && /\bgit\s+clone\b/.test(args)) foreignApp = true;
  }
  return { env, foreignApp };
}
