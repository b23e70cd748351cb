import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformQueueName } from '@wuhan/topology';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_READ_ACTIONS } from '../../../infra/constructs/platform-queue-policy.js';
import { PlatformAccessError, readPlatformAccess } from '../../../infra/platform-access.js';
import type { ServiceStack } from '../../../infra/stack.js';
import { synthesizeFixtureApp, fixtureTopology as topology } from './fixture-app.js';
import {
  type Decision,
  type Environment,
  evaluate,
  type PolicyStatementJson,
  type Request,
  resolve,
} from './queue-policy-evaluator.js';

/**
 * Issue 10 point 2: each platform queue (and its DLQ) is readable by that platform's principal only. The
 * synthesized queue policies are evaluated for concrete principals, so "platform A cannot read platform B's
 * queue" is checked against what CloudFormation would deploy, not against the code that wrote it.
 */

/** The deployment's own account, as the evaluator resolves `AWS::AccountId`. */
const ACCOUNT = '999988887777';
const env0 = { partition: 'aws', account: ACCOUNT, region: 'cn-north-1' };

/**
 * A production deploy's readers, of every form: a whole other account, roles in other accounts (one with a
 * path, one in the China partition), and a role in the deployment's own account (where identity policies
 * alone would let anybody of the account read, without the Deny).
 */
const readers: Record<string, string> = {
  'cvc-optics-valley': '444455556666',
  'cvc-whu': 'arn:aws:iam::111122223333:role/cvc-whu-queue-reader',
  'pilot-semiconductor': 'arn:aws:iam::111122223334:role/reader',
  'pilot-biomanufacturing': `arn:aws:iam::${ACCOUNT}:role/pilot-bio-reader`,
  'finance-angel-fund': 'arn:aws:iam::111122223335:role/finance-reader',
  'park-disruptive-tech': 'arn:aws-cn:iam::111122223336:role/partners/park-reader',
};
const OPERATOR = `arn:aws:iam::${ACCOUNT}:role/ops-redrive`;
/** A principal acting as the platform: the reader role itself, or some role of the reader's account. */
const actingAs = (platformId: string) => {
  const reader = readers[platformId] ?? '';
  return /^\d{12}$/.test(reader) ? `arn:aws:iam::${reader}:role/any-role-of-that-account` : reader;
};
const platformIds = topology.platforms.map((p) => p.platformId);

let stack: ServiceStack;
let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
let env: Environment;

beforeAll(() => {
  ({ stack } = synthesizeFixtureApp({
    stage: 'production',
    'platform-principals': JSON.stringify(readers),
    'queue-operators': OPERATOR,
  }));
  resources = Template.fromStack(stack).toJSON().Resources;
  const arns: Record<string, string> = {};
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::SQS::Queue') arns[id] = `arn:aws:sqs:${env0.region}:${ACCOUNT}:${id}`;
    if (resource.Type === 'AWS::IAM::Role') arns[id] = `arn:aws:iam::${ACCOUNT}:role/${id}`;
  }
  env = { ...env0, arns };
}, 120_000);

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const roleArnOf = (fnName: string) => {
  const fn = stack.functions.get(fnName);
  if (!fn) throw new Error(`no function ${fnName}`);
  return `arn:aws:iam::${ACCOUNT}:role/${logicalId(fn.role)}`;
};
function queuesOf(platformId: string) {
  const queue = stack.queues.get(platformQueueName(platformId));
  if (!queue) throw new Error(`no queue for ${platformId}`);
  return { queue: queue.queue, dlq: queue.deadLetterQueue };
}
/** Every statement of every queue policy attached to the queue, resolved. */
function policyOf(target: IConstruct): PolicyStatementJson[] {
  const id = logicalId(target);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::SQS::QueuePolicy')
    .filter((r) => JSON.stringify(r.Properties.Queues).includes(`"${id}"`))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement)
    .map((s) => resolve(s, env) as PolicyStatementJson);
}
function decide(target: IConstruct, request: Omit<Request, 'resource'>): Decision {
  return evaluate(policyOf(target), { ...request, resource: env.arns[logicalId(target)] ?? '' }, env);
}

describe('platform queue policies (issue 10 point 2)', () => {
  it.each(platformIds)(
    '%s: its reader may receive, delete, hide and count, on its queue and its DLQ',
    (id) => {
      for (const target of Object.values(queuesOf(id))) {
        for (const action of PLATFORM_READ_ACTIONS) {
          expect(
            decide(target, { principalArn: actingAs(id), action }),
            `${action} ${target.node.path}`,
          ).toBe('allowed');
        }
      }
    },
  );

  it.each(platformIds)("%s: no other platform's principal may read its queue or its DLQ", (id) => {
    for (const other of platformIds.filter((o) => o !== id)) {
      for (const target of Object.values(queuesOf(id))) {
        for (const action of PLATFORM_READ_ACTIONS) {
          // Even with an identity policy that allows it (a same-account reader's role, say): explicitly denied.
          expect(
            decide(target, { principalArn: actingAs(other), action, identityAllows: true }),
            `${other} ${action} on ${target.node.path}`,
          ).toBe('explicit-deny');
        }
      }
    }
  });

  it('names exactly its own reader in its Allow, and no policy in the template allows a wildcard principal', () => {
    for (const id of platformIds) {
      for (const target of Object.values(queuesOf(id))) {
        const allows = policyOf(target).filter((s) => s.Effect === 'Allow');
        expect(allows).toHaveLength(1);
        const reader = readers[id] ?? '';
        const expected = /^\d{12}$/.test(reader) ? `arn:aws:iam::${reader}:root` : reader;
        expect(allows[0]?.Principal).toEqual({ AWS: expected });
      }
    }
    // Every resource policy of the template (queues, the alarm topic, its key, role trust policies): no Allow
    // lets in a wildcard principal.
    const statements: PolicyStatementJson[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) for (const item of value) visit(item);
      else if (value !== null && typeof value === 'object') {
        for (const [name, child] of Object.entries(value)) {
          if (name === 'Statement' && Array.isArray(child))
            statements.push(...(child as PolicyStatementJson[]));
          else visit(child);
        }
      }
    };
    visit(resources);
    const withPrincipal = statements.filter((st) => st.Effect === 'Allow' && st.Principal !== undefined);
    expect(withPrincipal.length).toBeGreaterThan(platformIds.length * 2);
    for (const st of withPrincipal) expect(JSON.stringify(st.Principal)).not.toContain('"*"');
    for (const resource of Object.values(resources).filter((r) => r.Type === 'AWS::SQS::QueuePolicy')) {
      const document = resource.Properties.PolicyDocument as { Statement: PolicyStatementJson[] };
      for (const st of document.Statement.filter((x) => x.Effect === 'Allow')) {
        expect(st.Principal, 'a queue policy Allow names its principal').toBeDefined();
      }
    }
  });

  it("keeps the account's own administrators out: sqs:* in an identity policy cannot read a platform queue", () => {
    const admin = `arn:aws:iam::${ACCOUNT}:role/Administrator`;
    for (const id of platformIds) {
      for (const target of Object.values(queuesOf(id))) {
        for (const action of PLATFORM_READ_ACTIONS) {
          expect(decide(target, { principalArn: admin, action, identityAllows: true })).toBe('explicit-deny');
        }
      }
      // What is not denied stays with identity policies: an administrator may still purge or re-policy.
      expect(
        decide(queuesOf(id).queue, {
          principalArn: admin,
          action: 'sqs:SetQueueAttributes',
          identityAllows: true,
        }),
      ).toBe('allowed');
    }
  });

  it('lets the relay send, and nobody else (but the operators, for a redrive)', () => {
    const relay = roleArnOf('relay');
    const matching = roleArnOf('matching');
    for (const id of platformIds) {
      const { queue } = queuesOf(id);
      expect(decide(queue, { principalArn: relay, action: 'sqs:SendMessage', identityAllows: true })).toBe(
        'allowed',
      );
      expect(decide(queue, { principalArn: relay, action: 'sqs:ReceiveMessage', identityAllows: true })).toBe(
        'explicit-deny',
      );
      expect(decide(queue, { principalArn: matching, action: 'sqs:SendMessage', identityAllows: true })).toBe(
        'explicit-deny',
      );
      expect(
        decide(queue, { principalArn: actingAs(id), action: 'sqs:SendMessage', identityAllows: true }),
      ).toBe('explicit-deny');
      expect(decide(queue, { principalArn: OPERATOR, action: 'sqs:SendMessage', identityAllows: true })).toBe(
        'allowed',
      );
    }
  });

  it('lets the health report count messages on the queue, and read nothing', () => {
    const meta = roleArnOf('meta');
    for (const id of platformIds) {
      const { queue } = queuesOf(id);
      expect(
        decide(queue, { principalArn: meta, action: 'sqs:GetQueueAttributes', identityAllows: true }),
      ).toBe('allowed');
      expect(decide(queue, { principalArn: meta, action: 'sqs:ReceiveMessage', identityAllows: true })).toBe(
        'explicit-deny',
      );
    }
  });

  it('lets the queue operators redrive a DLQ (read it, send back), but not read the platform queue itself', () => {
    for (const id of platformIds) {
      const { queue, dlq } = queuesOf(id);
      for (const action of PLATFORM_READ_ACTIONS) {
        expect(decide(dlq, { principalArn: OPERATOR, action, identityAllows: true })).toBe('allowed');
      }
      expect(
        decide(queue, { principalArn: OPERATOR, action: 'sqs:ReceiveMessage', identityAllows: true }),
      ).toBe('explicit-deny');
    }
  });

  it("lets CloudFormation's execution role read attributes while deploying, and no message", () => {
    const deployRole = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${env0.region}`;
    for (const id of platformIds) {
      for (const target of Object.values(queuesOf(id))) {
        expect(
          decide(target, {
            principalArn: deployRole,
            action: 'sqs:GetQueueAttributes',
            identityAllows: true,
          }),
        ).toBe('allowed');
        expect(
          decide(target, { principalArn: deployRole, action: 'sqs:ReceiveMessage', identityAllows: true }),
        ).toBe('explicit-deny');
      }
    }
  });

  it('lets in a principal of another account only through the Allow: none is allowed elsewhere', () => {
    const stranger = 'arn:aws:iam::123412341234:role/stranger';
    for (const id of platformIds) {
      expect(decide(queuesOf(id).queue, { principalArn: stranger, action: 'sqs:SendMessage' })).toBe(
        'explicit-deny',
      );
      expect(decide(queuesOf(id).queue, { principalArn: stranger, action: 'sqs:ReceiveMessage' })).toBe(
        'explicit-deny',
      );
    }
  });

  it('denies every request that is not over TLS, even the reader', () => {
    const id = platformIds[0] ?? '';
    expect(
      decide(queuesOf(id).queue, {
        principalArn: actingAs(id),
        action: 'sqs:ReceiveMessage',
        secureTransport: false,
      }),
    ).toBe('explicit-deny');
  });
});

describe('who reads the platform queues: the deployment context', () => {
  const platforms = topology.platforms;
  const access = (context: Record<string, unknown>) =>
    readPlatformAccess(new App({ context }).node, platforms);
  const dir = mkdtempSync(join(tmpdir(), 'platform-principals-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the repository's placeholders outside production, and says which they are", () => {
    const read = access({});
    expect(read.stage).toBe('development');
    expect([...read.readers]).toEqual(platforms.map((p) => [p.platformId, p.consumerPrincipal]));
    expect(read.placeholders).toEqual(platforms.map((p) => p.platformId));
    expect(read.queueOperators).toEqual([]);
  });

  it('refuses a production synth while any platform is read by a placeholder, naming it', () => {
    const { 'cvc-whu': _left, ...allButOne } = readers;
    expect(() => access({ stage: 'production' })).toThrow(PlatformAccessError);
    expect(() => access({ stage: 'production', 'platform-principals': allButOne })).toThrow(
      /placeholder: cvc-whu\./,
    );
    expect(access({ stage: 'production', 'platform-principals': readers }).placeholders).toEqual([]);
    // The whole app refuses too, before anything is bundled.
    expect(() => synthesizeFixtureApp({ stage: 'production' })).toThrow(/placeholder/);
  });

  it('reads the readers from a file, inline JSON, or an object in cdk.json', () => {
    const file = join(dir, 'platform-principals.production.json');
    writeFileSync(file, JSON.stringify(readers));
    for (const value of [file, JSON.stringify(readers), readers]) {
      expect(access({ 'platform-principals': value }).readers.get('cvc-whu')).toBe(readers['cvc-whu']);
    }
  });

  it.each([
    ['an unknown platformId', { 'platform-principals': { 'cvc-nowhere': '111122223333' } }, /cvc-nowhere/],
    ['a user ARN', { 'platform-principals': { 'cvc-whu': 'arn:aws:iam::111122223333:user/bob' } }, /cvc-whu/],
    ['a wildcard', { 'platform-principals': { 'cvc-whu': '*' } }, /IAM role ARN/],
    [
      'two platforms one reader',
      { 'platform-principals': { 'cvc-whu': '111122223333', 'pilot-semiconductor': '111122223333' } },
      /same consumerPrincipal/,
    ],
    ['an unknown stage', { stage: 'prod' }, /stage must be development or production/],
    ['an operator that is not a role', { 'queue-operators': '111122223333' }, /queue-operators/],
    [
      'an operator that is a platform reader',
      { 'platform-principals': readers, 'queue-operators': readers['cvc-whu'] },
      /must not be platform readers/,
    ],
    ['a file that is not JSON', { 'platform-principals': '{ not json' }, /not a JSON object/],
  ])('refuses %s', (_label, context, message) => {
    expect(() => access(context)).toThrow(message);
  });
});
