import { platformQueue, type QueueSpec, type Topology } from '@wuhan/topology';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { readDeploymentConfig } from '../../../infra/config.js';
import { InfraConfigError } from '../../../infra/constructs/rules.js';
import { SecureFunction } from '../../../infra/constructs/secure-function.js';
import { SecureQueue } from '../../../infra/constructs/secure-queue.js';
import { addServiceStack } from '../../../infra/service-app.js';
import { assertDeployable, topologyProblems } from '../../../infra/topology-checks.js';
import { fixtureTopology, projectRoot } from './fixture-app.js';

/** The fixture topology with one queue changed. */
function withQueue(name: string, change: Partial<QueueSpec>): Topology {
  return {
    ...fixtureTopology,
    queues: fixtureTopology.queues.map((q) => (q.name === name ? { ...q, ...change } : q)),
  };
}

const notificationConsumer = fixtureTopology.functions.find((f) => f.name === 'notification');

describe('topology checks', () => {
  it('the topology as declared has no problem', () => {
    expect(topologyProblems(fixtureTopology)).toEqual([]);
  });

  it('refuses a visibility timeout shorter than 6 × the consumer timeout + batching window', () => {
    expect(notificationConsumer?.timeoutSeconds).toBe(30);
    const problems = topologyProblems(withQueue('notification', { visibilityTimeoutSeconds: 60 }));
    expect(problems).toEqual([
      "queue notification: visibilityTimeoutSeconds is 60, it must be ≥ 181 (6 × notification's timeout 30 s + batching window 1 s)",
    ]);
  });

  it('refuses maxReceiveCount below 5 and a DLQ that keeps messages no longer than its queue', () => {
    const problems = topologyProblems(withQueue('notification', { maxReceiveCount: 3, dlqRetentionDays: 4 }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^queue notification: maxReceiveCount is 3, it must be an integer ≥ 5/);
    expect(problems[1]).toBe(
      'queue notification: dlqRetentionDays (4) must be longer than retentionDays (4)',
    );
  });

  it('refuses access to, and routing to, queues that do not exist or that the relay cannot reach', () => {
    const broken: Topology = {
      ...fixtureTopology,
      functions: fixtureTopology.functions.map((f) =>
        f.name === 'meta' ? { ...f, access: { ...f.access, inspect: ['no-such-queue'] } } : f,
      ),
      // A platform queue the relay's grants do not cover (it is no target of any route).
      queues: [...fixtureTopology.queues, platformQueue('extra')],
      eventRouting: { ...fixtureTopology.eventRouting, 'project.matched': ['platform-extra'] },
    };
    expect(topologyProblems(broken)).toEqual([
      'function meta: access names queue no-such-queue, which is not in the topology',
      'event project.matched routes to queue platform-extra, which no stream consumer may send to',
    ]);
  });

  it('refuses a field route without field or targets, or with a target that is not a queue', () => {
    const broken: Topology = {
      ...fixtureTopology,
      eventRouting: {
        ...fixtureTopology.eventRouting,
        'match.offered': [
          ...(fixtureTopology.eventRouting['match.offered'] ?? []),
          { byField: '', targets: { x: 'platform-cvc-whu' } },
          { byField: 'platformId', targets: {} },
          { byField: 'platformId', targets: { y: 'platform-nowhere' } },
        ],
      },
    };
    expect(topologyProblems(broken)).toEqual([
      'event match.offered: a field route names no field',
      'event match.offered: the route by platformId has no targets',
      'event match.offered routes to queue platform-nowhere, which is not in the topology',
    ]);
  });

  it('refuses a relay that may send beyond the routing, or cannot park what it cannot deliver', () => {
    const relayWith = (sendTo: readonly string[]): Topology => ({
      ...fixtureTopology,
      functions: fixtureTopology.functions.map((f) =>
        f.name === 'relay' ? { ...f, access: { ...f.access, sendTo } } : f,
      ),
      eventRouting: { 'project.nominated': ['notification'] },
    });
    expect(topologyProblems(relayWith(['notification', 'relay-undeliverable', 'platform-cvc-whu']))).toEqual([
      'function relay: may send to queue platform-cvc-whu, which no event routes to',
    ]);
    expect(topologyProblems(relayWith(['notification']))).toEqual([
      'function relay: must be able to send to relay-undeliverable, where undeliverable events are parked',
    ]);
  });

  it('refuses a writer without key prefixes, prefixes without writes, and prefixes IAM would read as patterns', () => {
    const change = (name: string, access: Partial<Topology['functions'][number]['access']>): Topology => ({
      ...fixtureTopology,
      functions: fixtureTopology.functions.map((f) =>
        f.name === name ? { ...f, access: { ...f.access, ...access } } : f,
      ),
    });
    expect(topologyProblems(change('intake', { writeKeys: undefined }))).toEqual([
      'function intake: writes the table but declares no writeKeys (partition-key prefixes)',
    ]);
    expect(topologyProblems(change('meta', { writeKeys: ['PROJECT#'] }))).toEqual([
      'function meta: declares writeKeys but no write action on the table',
    ]);
    expect(topologyProblems(change('keys', { writeKeys: ['APIKEY*', 'outbox#'] }))).toEqual([
      'function keys: key prefix "APIKEY*" must be upper-case letters ending in #',
      'function keys: key prefix "outbox#" must be upper-case letters ending in #',
    ]);
  });

  it('lists every missing entry file at once', () => {
    const problems = topologyProblems(fixtureTopology, { entryExists: () => false });
    expect(problems).toHaveLength(fixtureTopology.functions.length);
    expect(problems[0]).toContain('entry test/unit/infra/fixtures/handler.ts does not exist');
  });

  it('the stack refuses a bad topology at synth, before creating anything, naming each problem', () => {
    const app = new App();
    const bad = withQueue('notification', { visibilityTimeoutSeconds: 60, maxReceiveCount: 1 });
    expect(() => addServiceStack(app, { topology: bad, projectRoot })).toThrow(InfraConfigError);
    expect(() => assertDeployable(bad)).toThrow(
      /cannot be deployed:\n {2}- queue notification: maxReceiveCount is 1.*\n {2}- queue notification: visibilityTimeoutSeconds is 60/s,
    );
  });
});

describe('constructs refuse bad props on their own', () => {
  it('SecureQueue: maxReceiveCount below 5', () => {
    const stack = new Stack();
    expect(
      () =>
        new SecureQueue(stack, 'Q', {
          visibilityTimeout: Duration.seconds(60),
          retention: Duration.days(4),
          maxReceiveCount: 2,
          dlqRetention: Duration.days(14),
        }),
    ).toThrow(/maxReceiveCount is 2, it must be an integer ≥ 5/);
  });

  it('SecureFunction: an entry that does not exist', () => {
    const stack = new Stack();
    expect(
      () =>
        new SecureFunction(stack, 'F', {
          name: 'ghost',
          description: 'missing',
          entry: `${projectRoot}/services/ghost/handler.ts`,
          projectRoot,
        }),
    ).toThrow(/function ghost: entry .*services\/ghost\/handler\.ts does not exist/);
  });

  it('SecureFunction.consumeQueue: a queue whose visibility timeout is under 6 × the function timeout', () => {
    const stack = new Stack();
    const fn = new SecureFunction(stack, 'F', {
      name: 'slow',
      description: 'a 30 s consumer',
      entry: `${projectRoot}/test/unit/infra/fixtures/handler.ts`,
      projectRoot,
      timeout: Duration.seconds(30),
    });
    const queue = new SecureQueue(stack, 'Q', {
      visibilityTimeout: Duration.seconds(90),
      retention: Duration.days(4),
      maxReceiveCount: 5,
      dlqRetention: Duration.days(14),
    });
    expect(() => fn.consumeQueue(queue, { batchSize: 10 })).toThrow(
      /visibilityTimeoutSeconds is 90, it must be ≥ 180/,
    );
  });
});

describe('cdk-nag', () => {
  it('fails the synth on a finding (an unencrypted queue without SSL enforcement or DLQ)', () => {
    const app = new App();
    const stack = addServiceStack(app, { topology: fixtureTopology, projectRoot });
    new Queue(stack, 'CarelessQueue', { enforceSSL: false });
    // The finding names the rule's text and the offending resource.
    expect(() => app.synth()).toThrow(/SQS queue .*CarelessQueue/s);
  }, 120_000);
});

describe('deployment configuration', () => {
  it('reads the context values, with offline defaults and no account or region required', () => {
    expect(readDeploymentConfig(new App().node, {})).toEqual({
      mailFrom: 'noreply@example.com',
      opsEmail: 'ops@example.com',
      mailTransport: 'ses',
      smtpUrl: undefined,
      apiBaseUrl: undefined,
      env: {},
    });
    const app = new App({
      context: {
        'ops-email': 'oncall@wh.example.cn',
        'mail-from': 'noreply@wh.example.cn',
        'mail-transport': 'smtp',
        'smtp-url': 'smtp://relay.internal:25',
      },
    });
    expect(
      readDeploymentConfig(app.node, {
        CDK_DEFAULT_ACCOUNT: '111122223333',
        CDK_DEFAULT_REGION: 'ap-east-1',
      }),
    ).toEqual(
      expect.objectContaining({
        opsEmail: 'oncall@wh.example.cn',
        mailFrom: 'noreply@wh.example.cn',
        mailTransport: 'smtp',
        smtpUrl: 'smtp://relay.internal:25',
        env: { account: '111122223333', region: 'ap-east-1' },
      }),
    );
  });

  it('refuses an ops address that is not an email and an unknown transport', () => {
    expect(() => readDeploymentConfig(new App({ context: { 'ops-email': 'ops' } }).node, {})).toThrow(
      'Context value ops-email must be an email address, got "ops"',
    );
    expect(() => readDeploymentConfig(new App({ context: { 'mail-transport': 'pigeon' } }).node, {})).toThrow(
      /mail-transport must be ses or smtp/,
    );
  });

  it('refuses the SMTP transport without a server, which would fail every mail function at cold start', () => {
    expect(() => readDeploymentConfig(new App({ context: { 'mail-transport': 'smtp' } }).node, {})).toThrow(
      /smtp-url/,
    );
  });
});
