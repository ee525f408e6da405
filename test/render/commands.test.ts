import * as assert from 'node:assert/strict';
import { looseInstallOf, migrationOf, numberValue, parseCommandLine, pathArgs, portBindings, workerCount } from '../../engine/render/commands';
import { tokenize } from '../../engine/render/shell';

const words = (line: string) => parseCommandLine(line).map((c) => c.words.map((w) => w.text));
const paths = (line: string, root = '') => parseCommandLine(line, root).flatMap(pathArgs).map((p) => `${p.via} ${p.resolved}`);

describe('render commands: shell reading', () => {
  it('splits on &&, ||, ;, | and new lines, keeping quoted operators inside words', () => {
    assert.deepEqual(words('cd app && npm ci || echo "a && b"; ls | wc -l\nnode x.js'), [['cd', 'app'], ['npm', 'ci'], ['echo', 'a && b'], ['ls'], ['wc', '-l'], ['node', 'x.js']]);
    assert.deepEqual(parseCommandLine('a && b || c; d').map((c) => c.connector), ['', '&&', '||', ';']);
  });

  it('keeps offsets of each word as written', () => {
    const line = `gunicorn --chdir 'src dir' app:app`;
    const w = parseCommandLine(line)[0].words;
    assert.equal(line.slice(w[2].start, w[2].end), `'src dir'`);
    assert.equal(w[2].text, 'src dir');
    assert.equal(w[2].plain, false);
  });

  it('drops redirections and their targets, and comments', () => {
    assert.deepEqual(words('node server.js > out.log 2>&1 # start'), [['node', 'server.js']]);
  });

  it('marks expansions as dynamic and keeps $(…) in one word', () => {
    const w = tokenize('cd "$(dirname $0)"/x $HOME');
    assert.deepEqual(w.map((t) => (t.kind === 'word' ? [t.word.text, t.word.dynamic] : t.kind)), [['cd', false], ['$(dirname $0)/x', true], ['$HOME', true]]);
  });

  it('separates leading assignments from the command', () => {
    const [c] = parseCommandLine('NODE_ENV=production PORT=3000 node dist/index.js');
    assert.deepEqual(c.assignments.map((a) => `${a.name}=${a.value.text}`), ['NODE_ENV=production', 'PORT=3000']);
    assert.deepEqual(c.words.map((w) => w.text), ['node', 'dist/index.js']);
  });

  it('follows cd within one command line, from rootDir', () => {
    assert.deepEqual(parseCommandLine('cd backend && pip install -r requirements.txt && cd .. && ls', 'svc').map((c) => c.cwd), ['svc', 'svc/backend', 'svc/backend', 'svc']);
  });

  it('loses the directory after cd to somewhere unknown, and maps Render\'s checkout path', () => {
    assert.deepEqual(parseCommandLine('cd $DIR && ls').map((c) => c.cwd), ['', undefined]);
    assert.deepEqual(parseCommandLine('cd && ls').map((c) => c.cwd), ['', undefined]);
    assert.deepEqual(parseCommandLine('cd /opt/render/project/src/api && ls').map((c) => c.cwd), ['', 'api']);
  });

  it('does not carry a cd out of a subshell or a pipeline', () => {
    assert.deepEqual(parseCommandLine('(cd web && npm ci) && ls').map((c) => c.cwd), ['', 'web', '']);
    assert.deepEqual(parseCommandLine('cd web | cat && ls').map((c) => c.cwd), ['', '', '']);
  });
});

describe('render commands: paths', () => {
  it('finds cd, --chdir, -r, node and python paths', () => {
    assert.deepEqual(paths('cd api && pip install -r requirements.txt && python scripts/seed.py'), ['cd api', '-r api/requirements.txt', 'python api/scripts/seed.py']);
    assert.deepEqual(paths('gunicorn --chdir src app:app'), ['--chdir src']);
    assert.deepEqual(paths('gunicorn --chdir=src -c gunicorn.conf.py app:app'), ['--chdir src', '-c src/gunicorn.conf.py']);
    assert.deepEqual(paths('node --require dotenv/config server/index.js'), ['node server/index.js']);
    assert.deepEqual(paths('node index', 'web'), ['node web/index']);
  });

  it('resolves from rootDir and ignores modules, URLs and expansions', () => {
    assert.deepEqual(paths('python -m http.server && python -c "print(1)" && node -e "x" && cd $APP && pip install -r https://x/r.txt'), []);
    assert.deepEqual(paths('./bin/render-build.sh', 'svc'), ['run svc/bin/render-build.sh']);
    assert.deepEqual(paths('bundle exec puma -C config/puma.rb'), ['-C config/puma.rb']);
    assert.deepEqual(paths('python -m pip install -r reqs/prod.txt'), ['-r reqs/prod.txt']);
    assert.deepEqual(paths('npm ci --prefix frontend && yarn --cwd web build'), ['--prefix frontend', '--cwd web']);
  });

  it('gives the span of a value written as --option=value', () => {
    const line = 'gunicorn --chdir=src app:app';
    const [p] = parseCommandLine(line).flatMap(pathArgs);
    assert.equal(line.slice(p.word.start, p.word.end), 'src');
  });
});

describe('render commands: migrations', () => {
  const label = (line: string) => parseCommandLine(line).map(migrationOf).filter(Boolean).map((m) => m!.label);
  it('finds migration commands behind wrappers and runners', () => {
    assert.deepEqual(label('npm ci && npx prisma migrate deploy && npm run build'), ['prisma migrate deploy']);
    assert.deepEqual(label('pip install -r requirements.txt && python manage.py migrate --noinput'), ['manage.py migrate']);
    assert.deepEqual(label('poetry run alembic upgrade head'), ['alembic upgrade']);
    assert.deepEqual(label('bundle install; bundle exec rails db:migrate'), ['rails db:migrate']);
    assert.deepEqual(label('yarn knex migrate:latest'), ['knex migrate:latest']);
    assert.deepEqual(label('npm run db:migrate'), ['npm run db:migrate']);
    assert.deepEqual(label('flask db upgrade'), ['flask db upgrade']);
  });
  it('does not mistake generating or building for migrating', () => {
    assert.deepEqual(label('npx prisma generate && npm run build && python manage.py collectstatic && npm run migrate:create'), []);
  });
});

describe('render commands: installs', () => {
  const loose = (line: string) => parseCommandLine(line).map(looseInstallOf).filter(Boolean).map((l) => `${l!.tool} ${l!.word.text} ${l!.dir}`);
  it('finds npm install and yarn without a frozen lockfile', () => {
    assert.deepEqual(loose('cd web && npm install && npm run build'), ['npm install web']);
    assert.deepEqual(loose('npm i --legacy-peer-deps'), ['npm i ']);
    assert.deepEqual(loose('yarn && yarn build'), ['yarn yarn ']);
    assert.deepEqual(loose('yarn install --cwd client'), ['yarn install client']);
  });
  it('leaves package additions, global tools and frozen installs alone', () => {
    assert.deepEqual(loose('npm install -g pnpm && npm install express && npm ci && yarn install --frozen-lockfile && yarn --immutable && yarn build'), []);
  });
});

describe('render commands: workers', () => {
  const env = (vars: Record<string, string>) => (n: string) => vars[n];
  const count = (line: string, vars: Record<string, string> = {}) => {
    const w = workerCount(parseCommandLine(line), env(vars));
    return [w.count, w.source, w.assumed];
  };
  it('reads worker options and their variables', () => {
    assert.deepEqual(count('gunicorn -w 4 app:app'), [4, 'gunicorn -w 4', false]);
    assert.deepEqual(count('gunicorn --workers=3 app:app'), [3, 'gunicorn --workers 3', false]);
    assert.deepEqual(count('gunicorn -w $WEB_CONCURRENCY app:app', { WEB_CONCURRENCY: '5' }), [5, 'gunicorn -w $WEB_CONCURRENCY (WEB_CONCURRENCY=5)', false]);
    assert.deepEqual(count('uvicorn main:app --workers ${WORKERS:-2}'), [2, 'uvicorn --workers ${WORKERS:-2} (WORKERS default 2)', false]);
    assert.deepEqual(count('celery -A proj worker --concurrency 8'), [8, 'celery --concurrency 8', false]);
  });
  it('falls back to WEB_CONCURRENCY and then to the default, saying so', () => {
    assert.deepEqual(count('gunicorn app:app', { WEB_CONCURRENCY: '3' }), [3, 'WEB_CONCURRENCY=3', false]);
    assert.deepEqual(count('gunicorn app:app'), [1, "gunicorn's default of 1 worker", true]);
    assert.deepEqual(count('celery -A proj worker'), [undefined, 'celery defaults to one process per CPU', true]);
    assert.deepEqual(count('node server.js'), [1, 'one process', true]);
  });
  it('reads numbers and variable defaults', () => {
    assert.deepEqual(numberValue('${N:-7}', () => undefined), { value: 7, via: 'N default 7' });
    assert.deepEqual(numberValue('$N', () => undefined), { value: undefined, via: 'N' });
  });
});

describe('render commands: port bindings', () => {
  const bind = (line: string) => portBindings(parseCommandLine(line)).map((b) => `${b.program} ${b.host?.text ?? '-'}${b.host?.implicit ? '(default)' : ''} ${b.port?.text ?? '-'}`);
  it('reads hosts and fixed ports, and defaults that bind loopback', () => {
    assert.deepEqual(bind('gunicorn -b 127.0.0.1:8000 app:app'), ['gunicorn 127.0.0.1 8000']);
    assert.deepEqual(bind('gunicorn --bind 0.0.0.0:$PORT app:app'), ['gunicorn 0.0.0.0 -']);
    assert.deepEqual(bind('uvicorn main:app'), ['uvicorn 127.0.0.1(default) -']);
    assert.deepEqual(bind('uvicorn main:app --host 0.0.0.0 --port 8000'), ['uvicorn 0.0.0.0 8000']);
    assert.deepEqual(bind('python manage.py runserver 0.0.0.0:8000'), ['manage.py 0.0.0.0 8000']);
    assert.deepEqual(bind('flask run'), ['flask 127.0.0.1(default) -']);
    assert.deepEqual(bind('next start -p 3000'), ['next - 3000']);
    assert.deepEqual(bind('node server.js'), []);
  });
});
