import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../../bench/bundle-inspect.js';
import { projectRoot } from './fixture-app.js';

/**
 * Guards the causes of fat bundles that issue 13 removed, by what a bundle contains (never by time or by a byte
 * budget, which moves with every dependency update): each check names the cause, so a change that brings it back
 * fails here with the reason.
 */
const work = mkdtempSync(join(tmpdir(), 'bundle-contents-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const inputsOf = async (entry: string, mailTransport: 'ses' | 'smtp' = 'ses') =>
  Object.keys(
    (
      await bundleFunction(
        projectRoot,
        join(projectRoot, entry),
        join(work, `${entry}-${mailTransport}`),
        mailTransport,
      )
    ).inputs,
  );

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('what function bundles contain', () => {
  it('no runtime source imports zod as `{ z }`: esbuild then keeps the whole namespace, every locale (≈ 260 KB)', () => {
    const offenders = ['packages', 'services', 'infra']
      .flatMap((dir) => sourceFiles(join(projectRoot, dir)))
      .filter((file) =>
        /import\s*\{[^}]*(?<!type )\bz\b[^}]*\}\s*from\s*'zod'/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => relative(projectRoot, file));
    expect(offenders, "use `import * as z from 'zod'`").toEqual([]);
  });

  it("the authorizer bundles no zod locale but zod's default (en) and no contract module", async () => {
    const inputs = await inputsOf('services/authorizer/handler.ts');
    expect(inputs.filter((p) => p.includes('zod/v4/locales/') && !p.endsWith('/en.js'))).toEqual([]);
    expect(inputs.filter((p) => p.startsWith('packages/contract/'))).toEqual([]);
  });

  it('no notification bundle contains nodemailer unless the deployment sends by SMTP', async () => {
    for (const entry of ['services/notification/handler.ts', 'services/notification/digest-handler.ts']) {
      expect((await inputsOf(entry)).filter((p) => p.includes('node_modules/nodemailer/'))).toEqual([]);
    }
    // The SMTP deployment does carry it: the check above would see it if it were bundled.
    const smtp = await inputsOf('services/notification/handler.ts', 'smtp');
    expect(smtp.some((p) => p.includes('node_modules/nodemailer/'))).toBe(true);
  });

  it("meta's bundle has no JSON Schema generator, no classic zod and no contract module but its routes", async () => {
    // It served the documents by generating them from every operation's schemas at run time; they are generated
    // at build time now (scripts/api-documents.ts) and it routes by meta-routes.ts, which holds no zod. What zod
    // remains is the router's own parsing core (packages/middleware: zod/mini's parse and English messages).
    const inputs = await inputsOf('services/meta/handler.ts');
    expect(
      inputs.filter((p) => /node_modules\/zod\/v4\/(classic|core\/(to-json-schema|json-schema))/.test(p)),
    ).toEqual([]);
    expect(inputs.filter((p) => /node_modules\/zod\/v4\/locales\/(?!en\.js)/.test(p))).toEqual([]);
    const contractModules = ['meta-routes.ts', 'operation.ts', 'problems.ts'].map(
      (f) => `packages/contract/src/${f}`,
    );
    expect(inputs.filter((p) => p.startsWith('packages/contract/') && !contractModules.includes(p))).toEqual(
      [],
    );
    // What it serves instead: the generated documents (the check above would see the contract if it came back).
    expect(inputs).toContain('services/meta/api-documents.generated.ts');
  });

  it("relay's bundle has no contract module and no DynamoDB client: it reads the routing and sends to SQS", async () => {
    // It read `topology.eventRouting`, and topology.ts builds the API functions with the contract's operations:
    // the routing is event-routing.ts now. And the clients were one module, so SQS brought lib-dynamodb along.
    const inputs = await inputsOf('services/relay/handler.ts');
    expect(inputs.filter((p) => p.startsWith('packages/contract/'))).toEqual([]);
    expect(inputs.filter((p) => /node_modules\/@aws-sdk\/(client|lib)-dynamodb\//.test(p))).toEqual([]);
    expect(inputs).toContain('packages/topology/src/event-routing.ts');
  });

  it("relay's bundle has no event data schema: it parses only the envelope", async () => {
    // The catalog's entries were calls esbuild could not prove pure, so importing the envelope schema from
    // events.ts kept every type's data schema (and the parameter sets they name). `v1` is marked pure now.
    const inputs = await inputsOf('services/relay/handler.ts');
    expect(inputs.filter((p) => p.startsWith('packages/domain/src/events/'))).toEqual([]);
    expect(inputs.filter((p) => p.startsWith('packages/domain/src/parameters/'))).toEqual([]);
    // The envelope's module is there: the checks above would see the catalog's modules if they came back.
    expect(inputs).toContain('packages/domain/src/events.ts');
  });

  it("the digest's bundle has only the templates of digestible deliveries, not the registry's every template", async () => {
    // It looked each entry's template up in the whole registry; digest entries exist only for digestible
    // deliveries (staff's project and computed-claim events), so the rest were never rendered.
    const inputs = await inputsOf('services/notification/digest-handler.ts');
    for (const neverDigested of [
      'match-answered',
      'evaluation-assigned',
      'event-rejected',
      'nomination-received',
    ])
      expect(inputs).not.toContain(`services/notification/templates/${neverDigested}.ts`);
    expect(inputs).toContain('services/notification/templates/project-nominated.ts');
  });
});
