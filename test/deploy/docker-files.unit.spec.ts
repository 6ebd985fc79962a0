/**
 * No Docker engine runs where these tests run, so the deployment files are checked by reading them:
 * the compose files with a YAML parser, the Dockerfile line by line. Every check is a function
 * returning the problems it finds; the tests below assert that the real files have none, and that
 * each check does report a deliberate mistake (a typo, a wrong port, a root user...).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { CONFIG_VARIABLES, loadConfig } from '@ledger/platform';

const ROOT = join(__dirname, '../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The only images the deployment may pull; changing one is a deliberate, reviewed edit here. */
const IMAGE_ALLOWLIST = ['node:20-bookworm-slim', 'postgres:15', 'kurrentplatform/kurrentdb:25.1'];
/** Values for the variables the compose files interpolate, as an operator would export them. */
const OPERATOR_ENV: Record<string, string> = {
  LEDGER_JWT_SECRET: 'a-long-enough-secret-for-hs256-tokens-0123456789',
  POSTGRES_PASSWORD: '0123456789abcdef',
};
/** The processes that run the ledger image and read its configuration. */
const LEDGER_SERVICES = ['api', 'projector'] as const;
/** The application's own default port and health route, not numbers copied into this test. */
const APP_PORT = loadConfig({}).port;
const HEALTH_CONTROLLER = read('apps/api/src/operations/health.controller.ts');
const HEALTH_PATH = `/${/@Controller\('([^']*)'\)/.exec(HEALTH_CONTROLLER)![1]}`;
/** What an orchestrator probes: readiness, which the API and the projector process both serve. */
const READY_PATH = `${HEALTH_PATH}/${/@Get\('(ready)'\)/.exec(HEALTH_CONTROLLER)![1]}`;
const PROJECTOR_PORT = loadConfig({}).projectorPort;

interface Sources {
  dockerfile: string;
  compose: string;
  kurrentdb: string;
  nestCli: string;
  packageJson: string;
  envExample: string;
}

const realSources = (): Sources => ({
  dockerfile: read('docker/Dockerfile'),
  compose: read('docker/compose.yml'),
  kurrentdb: read('docker/compose.kurrentdb.yml'),
  nestCli: read('nest-cli.json'),
  packageJson: read('package.json'),
  envExample: read('.env.example'),
});

// ---------------------------------------------------------------------------------------------
// Dockerfile

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly base: string;
  readonly name: string | null;
  readonly instructions: Instruction[];
}

/** Logical instructions (continuations joined, comments dropped) grouped by FROM stage. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  const flush = (line: string) => {
    const match = /^(\S+)\s*(.*)$/s.exec(line.trim());
    if (!match) return;
    const keyword = match[1].toUpperCase();
    const args = match[2].trim();
    if (keyword === 'FROM') {
      const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const as = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({ base: words[0], name: as >= 0 ? words[as + 1] : null, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ keyword, args });
    } else if (keyword !== 'ARG') {
      throw new Error(`Dockerfile: ${keyword} before the first FROM`);
    }
  };
  for (const raw of text.split('\n')) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === '')) continue;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    flush(pending + trimmed);
    pending = '';
  }
  if (pending !== '') throw new Error('Dockerfile: ends inside a line continuation');
  return stages;
}

/** Splits on whitespace, keeping double-quoted runs together (quotes removed). */
function words(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => match[1] ?? match[2]);
}

function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    const tokens = words(args);
    if (tokens[0]?.includes('=')) {
      for (const token of tokens) {
        const at = token.indexOf('=');
        if (at < 1) throw new Error(`Dockerfile: ENV ${args} mixes forms`);
        env[token.slice(0, at)] = token.slice(at + 1);
      }
    } else {
      env[tokens[0]] = tokens.slice(1).join(' ');
    }
  }
  return env;
}

/** The JSON array of an exec-form CMD or HEALTHCHECK CMD, or null for the shell form. */
function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`Dockerfile: exec form is not an array of strings: ${args}`);
  }
  return parsed;
}

const runtimeOf = (stages: Stage[]): Stage => stages[stages.length - 1];
const stageNamed = (stages: Stage[], name: string) => stages.find((stage) => stage.name === name);

/** The stage and the stages it is built FROM, nearest first. */
function lineage(stages: Stage[], stage: Stage): Stage[] {
  const chain = [stage];
  for (let base = stageNamed(stages, stage.base); base; base = stageNamed(stages, base.base)) {
    chain.push(base);
  }
  return chain;
}

function healthcheckOf(stage: Stage): string | null {
  const instruction = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK').pop();
  if (!instruction) return null;
  const match = /^(?:--\S+\s+)*CMD\s+(.*)$/s.exec(instruction.args);
  if (!match) return null;
  return (execForm(match[1]) ?? [match[1]]).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Compose

type Yaml = Record<string, unknown>;

const isRecord = (value: unknown): value is Yaml =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseCompose(text: string, file: string): Yaml {
  const parsed = load(text);
  if (!isRecord(parsed) || !isRecord(parsed.services)) {
    throw new Error(`${file}: not a compose file with services`);
  }
  return parsed;
}

/**
 * Paths whose value YAML 1.1 reads differently from YAML 1.2 (off, yes, 0755...): parsers of
 * either kind read compose files, so such values must be quoted to mean one thing.
 */
function yamlVersionAmbiguities(text: string): string[] {
  const differences: string[] = [];
  const compare = (a: unknown, b: unknown, path: string) => {
    if (isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        compare(a[key], b[key], `${path}.${key}`);
      }
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((item, index) => compare(item, b[index], `${path}[${index}]`));
    } else if (!Object.is(a, b)) {
      differences.push(
        `${path}: ${JSON.stringify(a)} in YAML 1.2, ${JSON.stringify(b)} in YAML 1.1`,
      );
    }
  };
  compare(load(text), load(text, { schema: YAML11_SCHEMA }), '');
  return differences;
}

const servicesOf = (compose: Yaml): Record<string, Yaml> =>
  compose.services as Record<string, Yaml>;

/** A service's environment as Compose passes it: both syntaxes, scalars as strings. */
function environmentOf(service: Yaml | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  const raw = service?.environment;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const [key, ...rest] = String(entry).split('=');
      if (rest.length > 0) env[key] = rest.join('=');
    }
  } else if (isRecord(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      if (value !== null && value !== undefined) env[key] = String(value);
    }
  }
  return env;
}

/** Compose interpolation: $$, $NAME, ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}. */
function interpolate(value: string, vars: Record<string, string>): string {
  const pattern = /\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_]\w*)/g;
  return value.replace(
    pattern,
    (match, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = (braced ?? bare)!;
      const set = vars[name];
      const missing = op?.startsWith(':') ? !set : set === undefined;
      if (op?.endsWith('?') && missing) throw new Error(`${name} is required: ${arg}`);
      if (op?.endsWith('-') && missing) return arg ?? '';
      return set ?? '';
    },
  );
}

/** The service's command as argv; the string form is split on whitespace, as Compose does. */
function commandOf(service: Yaml | undefined): string[] | null {
  const command = service?.command;
  if (command === undefined || command === null) return null;
  return Array.isArray(command) ? command.map(String) : String(command).trim().split(/\s+/);
}

/** Container-side ports of the short ("8080:3000", "127.0.0.1:80:3000/tcp") and long syntax. */
function containerPortsOf(service: Yaml | undefined): number[] {
  const ports = Array.isArray(service?.ports) ? service.ports : [];
  return ports.map((entry: unknown) => {
    if (isRecord(entry)) return Number(entry.target);
    return Number(String(entry).split('/')[0].split(':').pop());
  });
}

function dependenciesOf(service: Yaml): Record<string, string> {
  const raw = service.depends_on;
  if (Array.isArray(raw))
    return Object.fromEntries(raw.map((name) => [String(name), 'service_started']));
  if (!isRecord(raw)) return {};
  return Object.fromEntries(
    Object.entries(raw).map(([name, spec]) => [
      name,
      isRecord(spec) ? String(spec.condition ?? 'service_started') : 'service_started',
    ]),
  );
}

/** The health check command of a service as one string, or null when it has none of its own. */
function healthTestOf(service: Yaml | undefined): string | null {
  const check = service?.healthcheck;
  if (!isRecord(check) || check.disable === true) return null;
  return Array.isArray(check.test) ? check.test.map(String).join(' ') : String(check.test ?? '');
}

const healthDisabled = (service: Yaml | undefined): boolean => {
  const check = service?.healthcheck;
  return (
    isRecord(check) &&
    (check.disable === true || (Array.isArray(check.test) && check.test[0] === 'NONE'))
  );
};

// ---------------------------------------------------------------------------------------------
// The checks

interface Deploy {
  readonly stages: Stage[];
  readonly compose: Yaml;
  readonly kurrentdb: Yaml;
  /** Application name to the file `nest build` writes, from nest-cli.json. */
  readonly entryPoints: Record<string, string>;
  readonly buildScript: string;
  readonly apiIncludes: readonly string[];
  readonly composeTexts: Record<string, string>;
  readonly envExample: string;
}

function parseAll(sources: Sources): Deploy {
  const nest = JSON.parse(sources.nestCli) as {
    projects: Record<string, { type: string; entryFile: string }>;
  };
  const entryPoints = Object.fromEntries(
    Object.entries(nest.projects)
      .filter(([, project]) => project.type === 'application')
      .map(([name, project]) => [name, `dist/${project.entryFile}.js`]),
  );
  const pkg = JSON.parse(sources.packageJson) as { scripts: Record<string, string> };
  return {
    stages: parseDockerfile(sources.dockerfile),
    compose: parseCompose(sources.compose, 'compose.yml'),
    kurrentdb: parseCompose(sources.kurrentdb, 'compose.kurrentdb.yml'),
    entryPoints,
    buildScript: pkg.scripts.build ?? '',
    apiIncludes:
      (
        JSON.parse(readFileSync(join(ROOT, 'apps/api/tsconfig.app.json'), 'utf8')) as {
          include?: string[];
        }
      ).include ?? [],
    composeTexts: { 'compose.yml': sources.compose, 'compose.kurrentdb.yml': sources.kurrentdb },
    envExample: sources.envExample,
  };
}

const composeFiles = (deploy: Deploy): [string, Yaml][] => [
  ['compose.yml', deploy.compose],
  ['compose.kurrentdb.yml', deploy.kurrentdb],
];

/** What Compose runs with both files: the override's maps merged into the base's. */
function mergedService(deploy: Deploy, name: string, withKurrentdb: boolean): Yaml {
  const base = servicesOf(deploy.compose)[name] ?? {};
  const extra = withKurrentdb ? (servicesOf(deploy.kurrentdb)[name] ?? {}) : {};
  return {
    ...base,
    ...extra,
    environment: { ...environmentOf(base), ...environmentOf(extra) },
    depends_on: Object.fromEntries(
      Object.entries({ ...dependenciesOf(base), ...dependenciesOf(extra) }).map(
        ([target, condition]) => [target, { condition }],
      ),
    ),
  };
}

/** The ledger's environment inside the container: the image's ENV under the service's. */
function containerEnv(
  deploy: Deploy,
  name: string,
  withKurrentdb: boolean,
): Record<string, string> {
  const service = environmentOf(mergedService(deploy, name, withKurrentdb));
  const interpolated = Object.fromEntries(
    Object.entries(service).map(([key, value]) => [key, interpolate(value, OPERATOR_ENV)]),
  );
  return { ...envOf(runtimeOf(deploy.stages)), ...interpolated };
}

type Check = (deploy: Deploy) => string[];

const checks: Record<string, Check> = {
  '.env.example names every variable compose.yml reads, and only ones the ledger or compose read': (
    deploy,
  ) => {
    const problems: string[] = [];
    const named = new Set<string>();
    for (const line of deploy.envExample.split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const match = /^([A-Z][A-Z0-9_]*)=/.exec(trimmed);
      if (!match) {
        problems.push(`.env.example: "${trimmed}" is not NAME=value`);
        continue;
      }
      if (named.has(match[1])) problems.push(`.env.example names ${match[1]} twice`);
      named.add(match[1]);
    }
    const interpolated = (text: string) =>
      new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]));
    const composeReads = interpolated(deploy.composeTexts['compose.yml']);
    for (const name of composeReads) {
      if (!named.has(name))
        problems.push(`.env.example does not name ${name}, which compose.yml reads`);
    }
    const known = (name: string) => Object.prototype.hasOwnProperty.call(CONFIG_VARIABLES, name);
    for (const name of named) {
      if (!known(name) && !composeReads.has(name))
        problems.push(`.env.example names ${name}, which neither the ledger nor compose.yml reads`);
    }
    return problems;
  },

  'every variable set for the ledger is one it reads (CONFIG_VARIABLES)': (deploy) => {
    const problems: string[] = [];
    const known = (key: string) => Object.prototype.hasOwnProperty.call(CONFIG_VARIABLES, key);
    for (const key of Object.keys(envOf(runtimeOf(deploy.stages)))) {
      if (!known(key)) problems.push(`Dockerfile runtime ENV ${key} is not read by the ledger`);
    }
    for (const name of LEDGER_SERVICES) {
      if (!servicesOf(deploy.compose)[name]) problems.push(`compose.yml has no ${name} service`);
    }
    for (const [file, compose] of composeFiles(deploy)) {
      for (const name of LEDGER_SERVICES) {
        for (const key of Object.keys(environmentOf(servicesOf(compose)[name]))) {
          if (!known(key))
            problems.push(`${file}: ${name} sets ${key}, which the ledger never reads`);
        }
      }
    }
    return problems;
  },

  'the ledger accepts the configuration each service gets, and secrets are required': (deploy) => {
    const problems: string[] = [];
    for (const withKurrentdb of [false, true]) {
      const setup = withKurrentdb ? 'with compose.kurrentdb.yml' : 'compose.yml';
      for (const name of LEDGER_SERVICES) {
        try {
          const config = loadConfig(containerEnv(deploy, name, withKurrentdb));
          if (!config.production)
            problems.push(`${setup}: ${name} does not run with NODE_ENV=production`);
          if (!config.databaseUrl) problems.push(`${setup}: ${name} is not on PostgreSQL`);
          if (name === 'api' && config.projector !== 'off') {
            problems.push(`${setup}: api projects in-process although a projector service runs`);
          }
          if (config.eventStore !== (withKurrentdb ? 'kurrentdb' : 'sql')) {
            problems.push(`${setup}: ${name} uses the ${config.eventStore} event store`);
          }
        } catch (error) {
          problems.push(
            `${setup}: ${name}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
    const secret = environmentOf(servicesOf(deploy.compose).api).LEDGER_JWT_SECRET ?? '';
    try {
      interpolate(secret, {});
      problems.push(
        'compose.yml: api starts without LEDGER_JWT_SECRET (use ${LEDGER_JWT_SECRET:?...})',
      );
    } catch {
      // Compose refuses to start without it: what production needs.
    }
    return problems;
  },

  'ports and health checks agree with the app (default port, /health/ready)': (deploy) => {
    const problems: string[] = [];
    const runtime = runtimeOf(deploy.stages);
    const checkHealthCommand = (where: string, command: string | null, expectedPort: number) => {
      if (command === null) {
        problems.push(`${where} has no health check`);
        return;
      }
      const path = /path:\s*'([^']*)'/.exec(command)?.[1];
      const port = /port:\s*(?:process\.env\.PORT\s*\|\|\s*)?(\d+)/.exec(command)?.[1];
      if (path !== READY_PATH)
        problems.push(`${where} health check asks ${path}, not ${READY_PATH}`);
      if (Number(port) !== expectedPort) problems.push(`${where} health check uses port ${port}`);
      if (!/statusCode\s*===\s*200/.test(command))
        problems.push(`${where} health check accepts non-200`);
      if (/\b(curl|wget)\b/.test(command)) problems.push(`${where} health check needs curl/wget`);
    };
    const imagePort = envOf(runtime).PORT;
    if (Number(imagePort) !== APP_PORT) problems.push(`Dockerfile sets PORT=${imagePort}`);
    const exposed = runtime.instructions
      .filter((i) => i.keyword === 'EXPOSE')
      .flatMap((i) => i.args.split(/\s+/).map((port) => Number(port.split('/')[0])));
    if (!exposed.includes(APP_PORT)) problems.push(`Dockerfile EXPOSEs ${exposed.join(', ')}`);
    checkHealthCommand('Dockerfile', healthcheckOf(runtime), APP_PORT);

    const api = servicesOf(deploy.compose).api;
    const apiPort = environmentOf(api).PORT ?? String(APP_PORT);
    if (Number(apiPort) !== APP_PORT) problems.push(`compose.yml: api sets PORT=${apiPort}`);
    const published = containerPortsOf(api);
    if (published.length === 0) problems.push('compose.yml: api publishes no port');
    for (const port of published) {
      if (port !== APP_PORT) problems.push(`compose.yml: api publishes container port ${port}`);
    }
    checkHealthCommand('compose.yml api', healthTestOf(api), APP_PORT);
    // The projector serves its health on LEDGER_PROJECTOR_PORT, not the API's port the image checks.
    const projector = servicesOf(deploy.compose).projector;
    const projectorPort = loadConfig(containerEnv(deploy, 'projector', false)).projectorPort;
    checkHealthCommand('compose.yml projector', healthTestOf(projector), projectorPort);
    return problems;
  },

  'the image and the compose commands start files that nest build writes': (deploy) => {
    const problems: string[] = [];
    const entries = deploy.entryPoints;
    for (const name of ['api', 'cli', 'projector']) {
      if (!entries[name]) problems.push(`nest-cli.json has no ${name} application`);
      // One compile builds every app: the api project's tsconfig includes the others' sources.
      const builtDirectly = new RegExp(`\\bnest build ${name}\\b`).test(deploy.buildScript);
      const builtWithApi =
        /\bnest build api\b/.test(deploy.buildScript) &&
        deploy.apiIncludes.some((pattern) =>
          pattern === 'src/**/*.ts' ? name === 'api' : pattern.startsWith(`../${name}/src/`),
        );
      if (!builtDirectly && !builtWithApi) problems.push(`npm run build does not build ${name}`);
    }
    const runtime = runtimeOf(deploy.stages);
    const cmd = runtime.instructions.filter((i) => i.keyword === 'CMD').pop();
    const argv = cmd ? execForm(cmd.args) : null;
    if (JSON.stringify(argv) !== JSON.stringify(['node', entries.api])) {
      problems.push(`Dockerfile CMD is ${cmd?.args}, not ["node", "${entries.api}"]`);
    }
    const builders = deploy.stages.filter((stage) =>
      stage.instructions.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)),
    );
    if (builders.length === 0) problems.push('no Dockerfile stage runs npm run build');
    const copiesDist = runtime.instructions.some((i) => {
      const from = /--from=(\S+)/.exec(i.args)?.[1];
      return (
        i.keyword === 'COPY' && builders.some((b) => b.name === from) && /\/dist\s/.test(i.args)
      );
    });
    if (!copiesDist) problems.push('the runtime stage does not copy dist/ from the build stage');
    for (const [file, compose] of composeFiles(deploy)) {
      for (const [name, service] of Object.entries(servicesOf(compose))) {
        if (!LEDGER_SERVICES.includes(name as (typeof LEDGER_SERVICES)[number])) continue;
        const command = commandOf(service);
        if (command === null) continue;
        if (command[0] !== 'node' || !Object.values(entries).includes(command[1])) {
          problems.push(
            `${file}: ${name} runs ${command.join(' ')}, which nest build does not write`,
          );
        }
      }
    }
    const projector = commandOf(servicesOf(deploy.compose).projector);
    if (projector?.[1] !== entries.projector)
      problems.push('compose.yml: projector does not run the projector');
    return problems;
  },

  'the runtime runs as a non-root user that owns the data volume': (deploy) => {
    const problems: string[] = [];
    const runtime = runtimeOf(deploy.stages);
    const instructions = runtime.instructions;
    const user = instructions
      .filter((i) => i.keyword === 'USER')
      .pop()
      ?.args.split(':')[0];
    if (!user || user === 'root' || user === '0')
      problems.push(`the runtime runs as ${user ?? 'root'}`);
    const dataDir = envOf(runtime).LEDGER_DATA_DIR;
    const volume = instructions.findIndex(
      (i) => i.keyword === 'VOLUME' && i.args.includes(dataDir),
    );
    if (!dataDir || volume < 0) problems.push(`no VOLUME for LEDGER_DATA_DIR (${dataDir})`);
    const chown = instructions.findIndex(
      (i) =>
        i.keyword === 'RUN' &&
        /\bchown\b/.test(i.args) &&
        i.args.includes(`${user}`) &&
        i.args.includes(dataDir),
    );
    // Changes to a volume's directory after VOLUME are discarded, so ownership must come first.
    if (chown < 0 || chown > volume)
      problems.push(`${dataDir} is not given to ${user} before VOLUME`);
    return problems;
  },

  'production dependencies are installed with npm ci --omit=dev outside the runtime': (deploy) => {
    const problems: string[] = [];
    const { stages } = deploy;
    const runtime = runtimeOf(stages);
    const copiesLockfile = (stage: Stage) =>
      lineage(stages, stage).some((s) =>
        s.instructions.some(
          (i) =>
            i.keyword === 'COPY' &&
            /\bpackage\.json\b/.test(i.args) &&
            /\bpackage-lock\.json\b/.test(i.args),
        ),
      );
    for (const stage of stages) {
      for (const i of stage.instructions) {
        if (i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args) && !copiesLockfile(stage)) {
          problems.push(`stage ${stage.name}: npm ci without package.json and package-lock.json`);
        }
      }
    }
    const installer = stages.find(
      (stage) =>
        stage !== runtime &&
        stage.instructions.some(
          (i) => i.keyword === 'RUN' && /\bnpm ci\b.*--omit=dev\b/.test(i.args),
        ),
    );
    if (!installer) return [...problems, 'no stage installs with npm ci --omit=dev'];
    const copied = runtime.instructions.some(
      (i) =>
        i.keyword === 'COPY' &&
        i.args.includes(`--from=${installer.name}`) &&
        /node_modules/.test(i.args),
    );
    if (!copied) problems.push(`the runtime does not copy node_modules from ${installer.name}`);
    for (const i of runtime.instructions.filter((x) => x.keyword === 'RUN')) {
      if (/\bnpm (ci|install|i)\b|apt-get install|\bg\+\+|build-essential/.test(i.args)) {
        problems.push(`the runtime stage installs things itself: ${i.args}`);
      }
    }
    // The addon compiled in the installer must match the runtime's Node ABI and glibc.
    const installerBase = lineage(stages, installer).pop()!.base;
    if (installerBase !== runtime.base)
      problems.push(`installer on ${installerBase}, runtime on ${runtime.base}`);
    return problems;
  },

  'every image comes from the allowlist': (deploy) => {
    const problems: string[] = [];
    for (const stage of deploy.stages) {
      if (!stageNamed(deploy.stages, stage.base) && !IMAGE_ALLOWLIST.includes(stage.base)) {
        problems.push(`Dockerfile FROM ${stage.base} is not allowed`);
      }
    }
    const built = new Set<string>();
    for (const [file, compose] of composeFiles(deploy)) {
      for (const [name, service] of Object.entries(servicesOf(compose))) {
        const image = service.image === undefined ? undefined : String(service.image);
        if (service.build !== undefined) {
          if (image) built.add(image);
        } else if (image !== undefined && !IMAGE_ALLOWLIST.includes(image)) {
          problems.push(`${file}: ${name} uses ${image}, which is not allowed`);
        }
      }
    }
    if (built.size > 1)
      problems.push(`the ledger services build different images: ${[...built].join(', ')}`);
    return problems;
  },

  'compose files follow the Compose spec: no version key, declared volumes, unambiguous YAML': (
    deploy,
  ) => {
    const problems: string[] = [];
    const declared = new Set(
      composeFiles(deploy).flatMap(([, compose]) =>
        Object.keys(isRecord(compose.volumes) ? compose.volumes : {}),
      ),
    );
    for (const [file, text] of Object.entries(deploy.composeTexts)) {
      for (const difference of yamlVersionAmbiguities(text)) problems.push(`${file}${difference}`);
    }
    for (const [file, compose] of composeFiles(deploy)) {
      for (const key of Object.keys(compose)) {
        if (
          !['name', 'services', 'volumes', 'networks', 'configs', 'secrets'].includes(key) &&
          !key.startsWith('x-')
        ) {
          problems.push(`${file}: top-level key ${key} is not in the Compose spec`);
        }
      }
      for (const [name, service] of Object.entries(servicesOf(compose))) {
        for (const volume of Array.isArray(service.volumes) ? service.volumes : []) {
          const source = isRecord(volume)
            ? String(volume.source ?? '')
            : String(volume).split(':')[0];
          if (/^[A-Za-z0-9][\w.-]*$/.test(source) && !declared.has(source)) {
            problems.push(`${file}: ${name} mounts the undeclared volume ${source}`);
          }
        }
      }
    }
    return problems;
  },

  'depends_on names existing services with a valid condition': (deploy) => {
    const problems: string[] = [];
    const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
    const imageHasHealthcheck = healthcheckOf(runtimeOf(deploy.stages)) !== null;
    for (const withKurrentdb of [false, true]) {
      const setup = withKurrentdb ? 'with compose.kurrentdb.yml' : 'compose.yml';
      const names = new Set(Object.keys(servicesOf(deploy.compose)));
      if (withKurrentdb)
        Object.keys(servicesOf(deploy.kurrentdb)).forEach((name) => names.add(name));
      for (const name of names) {
        const service = mergedService(deploy, name, withKurrentdb);
        for (const [target, condition] of Object.entries(dependenciesOf(service))) {
          if (!names.has(target) || target === name) {
            problems.push(`${setup}: ${name} depends on ${target}, which is not a service`);
            continue;
          }
          if (!conditions.includes(condition))
            problems.push(`${setup}: ${name} waits for ${target} to be ${condition}`);
          const other = mergedService(deploy, target, withKurrentdb);
          const healthy =
            healthTestOf(other) !== null ||
            (other.build !== undefined && imageHasHealthcheck && !healthDisabled(other));
          if (condition === 'service_healthy' && !healthy) {
            problems.push(
              `${setup}: ${name} waits for ${target} to be healthy, but it has no health check`,
            );
          }
        }
      }
    }
    return problems;
  },

  'the KurrentDB setup points the ledger at the kurrentdb service': (deploy) => {
    const problems: string[] = [];
    const services = servicesOf(deploy.kurrentdb);
    const [nodeName, node] =
      Object.entries(services).find(([, service]) =>
        String(service.image ?? '').includes('kurrentdb'),
      ) ?? [];
    if (!nodeName || !node) return ['compose.kurrentdb.yml has no KurrentDB service'];
    if (environmentOf(node).KURRENTDB_INSECURE !== 'true')
      problems.push('the development node is not insecure');
    const health = healthTestOf(node) ?? '';
    if (!/\/health\/live\b/.test(health))
      problems.push(`${nodeName} health check is not /health/live`);
    const nodePorts = containerPortsOf(node);
    for (const name of LEDGER_SERVICES) {
      const env = environmentOf(services[name]);
      if (env.LEDGER_EVENT_STORE !== 'kurrentdb')
        problems.push(`${name}: LEDGER_EVENT_STORE is ${env.LEDGER_EVENT_STORE}`);
      let url: URL;
      try {
        url = new URL(env.KURRENTDB_URL ?? '');
      } catch {
        problems.push(`${name}: KURRENTDB_URL ${env.KURRENTDB_URL} is not a URL`);
        continue;
      }
      if (url.protocol !== 'kurrentdb:')
        problems.push(`${name}: KURRENTDB_URL uses ${url.protocol}//`);
      if (url.hostname !== nodeName)
        problems.push(`${name}: KURRENTDB_URL names ${url.hostname}, not ${nodeName}`);
      if (!nodePorts.includes(Number(url.port)) || !health.includes(`:${url.port}/`)) {
        problems.push(`${name}: KURRENTDB_URL port ${url.port} is not the node's`);
      }
      if (url.searchParams.get('tls') !== 'false')
        problems.push(`${name}: the insecure node needs tls=false`);
    }
    for (const name of LEDGER_SERVICES) {
      if (environmentOf(servicesOf(deploy.compose)[name]).KURRENTDB_URL !== undefined) {
        problems.push(`compose.yml: ${name} sets KURRENTDB_URL; the base setup is PostgreSQL only`);
      }
    }
    return problems;
  },
};

// ---------------------------------------------------------------------------------------------

type SourceName = keyof Sources;
/** [check, file, text to find, replacement, nth occurrence (1-based, default 1)] */
type Mutation = [string, SourceName, string, string, number?];

const CONFIG = 'every variable set for the ledger is one it reads (CONFIG_VARIABLES)';
const ENV_EXAMPLE =
  '.env.example names every variable compose.yml reads, and only ones the ledger or compose read';
const VALUES = 'the ledger accepts the configuration each service gets, and secrets are required';
const PORTS = 'ports and health checks agree with the app (default port, /health/ready)';
const ENTRIES = 'the image and the compose commands start files that nest build writes';
const USER = 'the runtime runs as a non-root user that owns the data volume';
const DEPS = 'production dependencies are installed with npm ci --omit=dev outside the runtime';
const IMAGES = 'every image comes from the allowlist';
const SPEC =
  'compose files follow the Compose spec: no version key, declared volumes, unambiguous YAML';
const DEPENDS = 'depends_on names existing services with a valid condition';
const KURRENT = 'the KurrentDB setup points the ledger at the kurrentdb service';

const mutations: Mutation[] = [
  [ENV_EXAMPLE, 'envExample', 'LEDGER_TRUST_PROXY=', 'LEDGER_TRUSTED_PROXY='],
  [ENV_EXAMPLE, 'envExample', 'POSTGRES_PASSWORD=\n', ''],
  [ENV_EXAMPLE, 'envExample', 'LOG_LEVEL=info', 'LOG_LEVEL=info\nLEDGER_TELEMETRY=on'],
  [CONFIG, 'compose', 'LEDGER_PROJECTOR: "off"', 'LEDGER_PROJECTER: "off"'],
  [CONFIG, 'kurrentdb', 'KURRENTDB_URL:', 'KURENTDB_URL:'],
  [CONFIG, 'dockerfile', 'LEDGER_DATA_DIR=/var/lib/ledger', 'LEDGER_DATADIR=/var/lib/ledger'],
  [SPEC, 'compose', 'LEDGER_PROJECTOR: "off"', 'LEDGER_PROJECTOR: off'],
  [SPEC, 'kurrentdb', 'KURRENTDB_INSECURE: "true"', 'KURRENTDB_INSECURE: yes'],
  [VALUES, 'compose', '${LEDGER_JWT_SECRET:?set LEDGER_JWT_SECRET}', '${LEDGER_JWT_SECRET:-}'],
  [VALUES, 'compose', 'NODE_ENV: production', 'NODE_ENV: development', 2],
  [VALUES, 'compose', 'DATABASE_URL: postgres://', 'DATABASE_URL: mysql://', 2],
  [VALUES, 'kurrentdb', 'kurrentdb://kurrentdb:2113', 'http://kurrentdb:2113', 2],
  [PORTS, 'compose', '"3000:3000"', '"3000:8080"'],
  [PORTS, 'compose', "path:'/health/ready'", "path:'/healthz'"],
  [PORTS, 'compose', "path:'/health/ready'", "path:'/health'", 2],
  [PORTS, 'compose', 'LEDGER_PROJECTOR_PORT: "3001"', 'LEDGER_PROJECTOR_PORT: "3002"'],
  [PORTS, 'compose', 'PORT: "3000"', 'PORT: "8080"'],
  [PORTS, 'compose', 'r.statusCode===200?0:1', 'r.statusCode<500?0:1'],
  [PORTS, 'compose', 'port:3001,', 'port:3000,'],
  [PORTS, 'dockerfile', 'EXPOSE 3000', 'EXPOSE 8080'],
  [PORTS, 'dockerfile', 'PORT=3000', 'PORT=8080'],
  [PORTS, 'dockerfile', 'port:process.env.PORT||3000', 'port:process.env.PORT||8080'],
  [
    ENTRIES,
    'dockerfile',
    'CMD ["node", "dist/apps/api/src/main.js"]',
    'CMD ["node", "dist/apps/api/main.js"]',
  ],
  [ENTRIES, 'dockerfile', 'RUN npm run build', 'RUN npm run compile'],
  [ENTRIES, 'dockerfile', 'COPY --from=build /app/dist', 'COPY --from=toolchain /app/dist'],
  [ENTRIES, 'compose', 'dist/apps/projector/src/main.js', 'dist/apps/projecter/src/main.js'],
  [
    ENTRIES,
    'compose',
    'command: ["node", "dist/apps/projector/src/main.js"]',
    'command: ["node", "dist/apps/cli/src/main.js"]',
  ],
  [USER, 'dockerfile', 'USER node', 'USER root'],
  [USER, 'dockerfile', 'USER node\n', ''],
  [USER, 'dockerfile', 'VOLUME /var/lib/ledger', 'VOLUME /data'],
  [USER, 'dockerfile', 'chown node:node /var/lib/ledger', 'chmod 0700 /var/lib/ledger'],
  [DEPS, 'dockerfile', 'npm ci --omit=dev', 'npm ci'],
  [
    DEPS,
    'dockerfile',
    'COPY --from=production-dependencies /app/node_modules',
    'COPY --from=build /app/node_modules',
  ],
  [DEPS, 'dockerfile', 'COPY package.json package-lock.json ./', 'COPY package.json ./', 2],
  [DEPS, 'dockerfile', 'COPY package.json ./\n', 'COPY package.json ./\nRUN npm ci --omit=dev\n'],
  [
    IMAGES,
    'dockerfile',
    'FROM node:20-bookworm-slim AS runtime',
    'FROM node:22-bookworm-slim AS runtime',
  ],
  [IMAGES, 'compose', 'image: postgres:15', 'image: postgres:latest'],
  [
    IMAGES,
    'kurrentdb',
    'image: kurrentplatform/kurrentdb:25.1',
    'image: kurrentplatform/kurrentdb:latest',
  ],
  [
    IMAGES,
    'compose',
    'image: ict-investment-ledger:local',
    'image: ict-investment-ledger:other',
    2,
  ],
  [
    SPEC,
    'compose',
    'name: ict-investment-ledger\n',
    'version: "3.9"\nname: ict-investment-ledger\n',
  ],
  [SPEC, 'compose', '- postgres-data:', '- postgresdata:'],
  [
    DEPENDS,
    'compose',
    '      api:\n        condition: service_healthy',
    '      apii:\n        condition: service_healthy',
  ],
  [
    DEPENDS,
    'kurrentdb',
    '      kurrentdb:\n        condition',
    '      eventstore:\n        condition',
  ],
  [DEPENDS, 'compose', 'condition: service_healthy', 'condition: service_ready'],
  [
    DEPENDS,
    'compose',
    'healthcheck:\n      test: ["CMD", "pg_isready"',
    'x-healthcheck:\n      test: ["CMD", "pg_isready"',
  ],
  [KURRENT, 'kurrentdb', 'kurrentdb://kurrentdb:2113', 'esdb://kurrentdb:2113'],
  [KURRENT, 'kurrentdb', 'kurrentdb://kurrentdb:2113', 'kurrentdb://eventstore:2113', 2],
  [KURRENT, 'kurrentdb', 'LEDGER_EVENT_STORE: kurrentdb', 'LEDGER_EVENT_STORE: sql'],
  [KURRENT, 'kurrentdb', '?tls=false', '?tls=true'],
  [KURRENT, 'kurrentdb', 'KURRENTDB_INSECURE: "true"', 'KURRENTDB_INSECURE: "false"'],
  [KURRENT, 'kurrentdb', 'localhost:2113/health/live', 'localhost:2113/stats'],
];

function replaceNth(text: string, find: string, replacement: string, nth: number): string {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(find, at + 1);
    if (at < 0) throw new Error(`"${find}" occurs fewer than ${nth} times`);
  }
  return text.slice(0, at) + replacement + text.slice(at + find.length);
}

describe('docker/ deployment files', () => {
  const sources = realSources();
  const deploy = parseAll(sources);

  it('reads the app defaults it checks against', () => {
    expect(APP_PORT).toBe(3000);
    expect(HEALTH_PATH).toBe('/health');
    expect(READY_PATH).toBe('/health/ready');
    expect(PROJECTOR_PORT).toBe(3001);
    expect(deploy.stages.length).toBeGreaterThanOrEqual(2);
  });

  it.each(Object.keys(checks))('%s', (name) => {
    expect(checks[name](deploy)).toEqual([]);
  });

  it('has a mutation for every check, so that none of them can pass vacuously', () => {
    expect(new Set(mutations.map(([check]) => check))).toEqual(new Set(Object.keys(checks)));
  });

  it.each(mutations)('%s: catches %s "%s" -> "%s"', (check, file, find, replacement, nth = 1) => {
    const mutated = { ...sources, [file]: replaceNth(sources[file], find, replacement, nth) };
    expect(checks[check](parseAll(mutated))).not.toEqual([]);
  });

  it('parses Compose interpolation as Compose does', () => {
    expect(interpolate('${A:-x}/${B-y}/$$HOME/${C}', { A: '', B: '' })).toBe('x//$HOME/');
    expect(() => interpolate('${A:?set A}', { A: '' })).toThrow('set A');
    expect(interpolate('${A?need}', { A: '' })).toBe('');
  });
});
