import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { topology } from '@wuhan/topology';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../../bench/bundle-inspect.js';
import { SecureFunction } from '../../../infra/constructs/secure-function.js';
import { bundledModules } from './bundled-modules.js';
import { projectRoot } from './fixture-app.js';

/**
 * Every bundle takes its credentials where Lambda provides them (infra/bundling.ts `sdkAliases`,
 * packages/aws/src/clients/lambda-credentials.ts; issue 13): the environment, else a container credentials
 * endpoint. The rest of the SDK's Node chain (ini files, SSO, credential process, web identity, instance metadata,
 * and the STS/SSO clients they carry) stays out of every bundle, and a bundle signs with those credentials.
 */
const modulesOf = bundledModules('lambda-credentials');

/** Packages of the default chain that cannot answer on Lambda (`credential-provider-http`, the container endpoint, stays). */
const chainBeyondEnvironment = [
  '@aws-sdk/credential-provider-node/',
  '@aws-sdk/credential-provider-ini/',
  '@aws-sdk/credential-provider-sso/',
  '@aws-sdk/credential-provider-process/',
  '@aws-sdk/credential-provider-web-identity/',
  '@aws-sdk/credential-provider-login/',
  '@aws-sdk/nested-clients/',
  '@aws-sdk/token-providers/',
  '@smithy/credential-provider-imds/',
];

describe('the credential chain in function bundles', () => {
  it.each(topology.functions.map((f) => [f.name, f.entry] as const))(
    '%s bundles the Lambda links (lambda-credentials.ts) and nothing else of the chain',
    async (name, entry) => {
      const modules = await modulesOf(name, entry);
      expect(modules).toContain('packages/aws/src/clients/lambda-credentials.ts');
      expect(
        modules.filter((m) => chainBeyondEnvironment.some((pkg) => m.includes(`node_modules/${pkg}`))),
      ).toEqual([]);
    },
    60_000,
  );
});

describe('the CDK stack', () => {
  it('bundles a SecureFunction with the alias too (the bench measures what is deployed)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'lambda-credentials-cdk-'));
    try {
      const app = new App({ outdir });
      new SecureFunction(new Stack(app, 'Probe'), 'Probe', {
        name: 'probe',
        description: 'signs one call',
        entry: join(projectRoot, 'test/unit/infra/fixtures/signed-call-handler.ts'),
        projectRoot,
      });
      app.synth();
      const [asset] = readdirSync(outdir).filter((f) => f.startsWith('asset.'));
      const code = readFileSync(join(outdir, asset ?? 'missing', 'index.mjs'), 'utf8');
      // lambda-credentials.ts's own message is in the bundle; the default chain's debug lines are not.
      expect(code).toContain('infra/bundling.ts sdkAliases');
      expect(code).not.toContain('defaultProvider::fromIni');
      expect(code).not.toContain('defaultProvider::fromEnv');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a bundled function signing a call', () => {
  const work = mkdtempSync(join(tmpdir(), 'lambda-credentials-call-'));
  const requests: IncomingHttpHeaders[] = [];
  /** Fetches from the container credentials endpoint. */
  let credentialFetches = 0;
  let server: Server;
  let endpoint: string;
  let bundle: string;
  // A profile the SDK's full chain would take (its ini link) if the environment had no credentials.
  const home = join(work, 'home');

  beforeAll(async () => {
    server = createServer((req, res) => {
      const asked = new URL(req.url ?? '/', 'http://localhost');
      if (asked.pathname === '/container-credentials') {
        credentialFetches++;
        const ttlSeconds = Number(asked.searchParams.get('ttl') ?? '3600');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            AccessKeyId: 'AKIDFROMCONTAINER',
            SecretAccessKey: 'container-secret',
            Token: 'container-session-token',
            Expiration: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
          }),
        );
        return;
      }
      requests.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end('{}');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const outdir = join(work, 'bundle');
    await bundleFunction(
      projectRoot,
      join(projectRoot, 'test/unit/infra/fixtures/signed-call-handler.ts'),
      outdir,
    );
    bundle = join(outdir, 'index.mjs');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[default]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile-secret\n',
    );
  }, 60_000);

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(work, { recursive: true, force: true });
  });

  async function runBundle(
    credentials: Record<string, string>,
  ): Promise<{ ok: boolean; name?: string; message?: string }> {
    const { stdout } = await promisify(execFile)(join(projectRoot, 'node_modules/.bin/node'), [bundle], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        ...credentials,
      },
    });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  }

  it("signs with the environment's credentials and session token, as Lambda provides them", async () => {
    requests.length = 0;
    const result = await runBundle({
      AWS_ACCESS_KEY_ID: 'AKIDFROMLAMBDA',
      AWS_SECRET_ACCESS_KEY: 'lambda-secret',
      AWS_SESSION_TOKEN: 'lambda-session-token',
    });
    expect(result).toEqual({ ok: true });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.authorization).toContain('Credential=AKIDFROMLAMBDA/');
    expect(requests[0]?.['x-amz-security-token']).toBe('lambda-session-token');
  }, 30_000);

  it('without them, from a container credentials endpoint the runtime announces, fetched once while valid', async () => {
    requests.length = 0;
    credentialFetches = 0;
    const result = await runBundle({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${endpoint}/container-credentials?ttl=3600`,
      PROBE_CALLS: '3',
    });
    expect(result).toEqual({ ok: true });
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.authorization?.includes('Credential=AKIDFROMCONTAINER/'))).toBe(true);
    expect(requests[0]?.['x-amz-security-token']).toBe('container-session-token');
    // The client asks its provider on every request and caches nothing itself: the provider must.
    expect(credentialFetches).toBe(1);
  }, 30_000);

  it('fetches container credentials again when they are within 5 minutes of expiring', async () => {
    credentialFetches = 0;
    const result = await runBundle({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${endpoint}/container-credentials?ttl=240`,
      PROBE_CALLS: '2',
    });
    expect(result).toEqual({ ok: true });
    expect(credentialFetches).toBeGreaterThan(1);
  }, 30_000);

  it('without credentials in the environment it sends nothing and says why, though a profile file exists', async () => {
    requests.length = 0;
    const result = await runBundle({});
    expect(result.ok).toBe(false);
    expect(result.name).toBe('CredentialsProviderError');
    expect(result.message).toContain('AWS_ACCESS_KEY_ID');
    expect(requests).toHaveLength(0);
  }, 30_000);
});
