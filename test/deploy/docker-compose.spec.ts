/**
 * docker-compose.yml is checked here, where no Docker runs: it must be a valid Compose file (the Compose
 * Specification's own JSON Schema, compose-spec/compose-spec schema/compose-spec.json at 170098b, kept beside this
 * test), describe the deployment issue 16 asks for (a 3-node KurrentDB cluster, PostgreSQL, `api` replicas behind a
 * proxy, 1–2 workers), and give every Compensa service settings its own configuration loader accepts, in the role
 * it is meant to run.
 */
import Ajv from 'ajv';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../apps/api/src/config';

const ROOT = join(__dirname, '..', '..');

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number>;
  deploy?: { replicas?: number };
  depends_on?: Record<string, unknown> | string[];
  networks?: Record<string, { ipv4_address?: string }> | string[];
}
interface ComposeFile {
  services: Record<string, Service>;
}

// Compose reads YAML 1.2 with merge keys (`<<: *anchor`), which the file uses for what services share.
const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), {
  schema: CORE_SCHEMA.withTags(mergeTag),
}) as ComposeFile;
const env = (service: string): Record<string, string> =>
  Object.fromEntries(Object.entries(compose.services[service].environment ?? {}).map(([k, v]) => [k, String(v)]));

describe('docker-compose.yml (deployment past one process)', () => {
  it('is a valid Compose file (the Compose Specification schema)', () => {
    const { $schema, ...schema } = JSON.parse(
      readFileSync(join(__dirname, 'compose-spec.schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    // Draft-07, Ajv's default; the file names it by its https address, which Ajv does not know by that name.
    expect($schema).toBe('https://json-schema.org/draft-07/schema');
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The check bites: a misspelt key, or a port list given as one number, is not a Compose file.
    const api = compose.services.api;
    expect(validate({ ...compose, services: { ...compose.services, api: { ...api, replica: 2 } } })).toBe(false);
    expect(validate({ ...compose, services: { ...compose.services, api: { ...api, ports: 3000 } } })).toBe(false);
  });

  it('runs a 3-node KurrentDB cluster whose nodes gossip with each other', () => {
    const nodes = Object.keys(compose.services).filter((name) => name.startsWith('kurrentdb-'));
    expect(nodes).toHaveLength(3);
    const ipOf = (name: string) =>
      (compose.services[name].networks as Record<string, { ipv4_address?: string }>).compensa.ipv4_address;
    for (const node of nodes) {
      const e = env(node);
      expect(e.KURRENTDB_CLUSTER_SIZE).toBe('3');
      const others = nodes.filter((n) => n !== node).map((n) => `${ipOf(n)}:2113`);
      expect(e.KURRENTDB_GOSSIP_SEED.split(',').sort()).toEqual(others.sort());
      expect(e.KURRENTDB_REPLICATION_IP).toBe(ipOf(node));
    }
  });

  it('runs api replicas behind the proxy and 1–2 workers, each accepted by the configuration loader in its role', () => {
    expect(compose.services.postgres.image).toMatch(/^postgres:/);
    const api = compose.services.api;
    const worker = compose.services.worker;
    expect(api.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(1);
    expect(worker.deploy?.replicas).toBeLessThanOrEqual(2);
    for (const [name, role] of [
      ['api', 'api'],
      ['worker', 'worker'],
    ] as const) {
      const config = loadConfig({ ...env(name), DATA_DIR: '/tmp/compensa-compose-check' });
      expect(config.role).toBe(role);
      // One log, one set of read models, one platform state for every instance.
      expect(config.eventStore).toEqual({
        kind: 'kurrentdb',
        connectionString: expect.stringMatching(/kurrentdb-1:2113,kurrentdb-2:2113,kurrentdb-3:2113/),
      });
      expect(config.readModelUrl).toMatch(/^postgres:\/\/[^/]*@postgres:5432\//);
      expect(config.platformDbUrl).toMatch(/^postgres:\/\/[^/]*@postgres:5432\//);
      expect(config.port).toBe(3000);
    }
    // The proxy sends to the api service's port.
    expect(compose.services.proxy.depends_on).toContain('api');
    const nginx = readFileSync(join(ROOT, 'docker', 'nginx.conf'), 'utf8');
    expect(nginx).toMatch(/server api:3000\b/);
  });
});
