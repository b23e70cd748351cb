import {
  type FunctionSpec,
  outboxStreamFilter,
  platformQueueName,
  RELAY_UNDELIVERABLE_QUEUE,
  type RouteSpec,
  routingTargets,
  STAFF_CONSUMER,
} from '@wuhan/topology';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServiceStack } from '../../../infra/stack.js';
import { inspectTargets, isTableWrite, sendTargets } from '../../../infra/topology-checks.js';
import { synthesizeFixtureApp, fixtureTopology as topology } from './fixture-app.js';

/**
 * The synthesized template against the topology: every assertion iterates the topology, so a function, queue or
 * route added there is checked here without a new line of test.
 */

type Json = Record<string, unknown>;
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  NotAction?: string | string[];
  Principal?: unknown;
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let stack: ServiceStack;
let template: Template;
let resources: Record<
  string,
  { Type: string; Properties: Json; DeletionPolicy?: string; UpdateReplacePolicy?: string }
>;

beforeAll(() => {
  // One synthesis (bundling included, cdk-nag included: a finding throws here) serves every test of the file.
  ({ stack } = synthesizeFixtureApp());
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
}, 120_000);

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });
/** The template properties of a construct's CloudFormation resource; throws if the construct made none. */
function propertiesOf(construct: IConstruct): Json {
  const found = resources[logicalId(construct)];
  if (!found) throw new Error(`${construct.node.path} is not in the template`);
  return found.Properties;
}
function onlyResourceOfType(type: string): Json {
  const found = Object.values(resources).filter((r) => r.Type === type);
  expect(found).toHaveLength(1);
  return found[0]?.Properties ?? {};
}
const key = (value: unknown) => JSON.stringify(value);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function fn(name: string) {
  const created = stack.functions.get(name);
  if (!created) throw new Error(`no function ${name}`);
  return created;
}
function queue(name: string) {
  const created = stack.queues.get(name);
  if (!created) throw new Error(`no queue ${name}`);
  return created;
}
const httpRoutes = (spec: FunctionSpec): RouteSpec[] =>
  spec.triggers.flatMap((t) => (t.kind === 'http' ? [...t.routes] : []));

/** The statements of every policy attached to the function's role. */
function statementsOf(spec: FunctionSpec): Statement[] {
  const roleId = logicalId(fn(spec.name).role);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => (r.Properties.Roles as unknown[]).some((role) => key(role) === key({ Ref: roleId })))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const isWriteAction = (action: string) =>
  ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'].includes(
    action,
  );

/** Every (action, resource) pair the function's role may use, across all the policies attached to it. */
function grantedPairs(spec: FunctionSpec): Set<string> {
  const roleId = logicalId(fn(spec.name).role);
  const pairs = new Set<string>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = resource.Properties.Roles as unknown[];
    if (!roles.some((r) => key(r) === key({ Ref: roleId }))) continue;
    const document = resource.Properties.PolicyDocument as { Statement: Statement[] };
    for (const statement of document.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const action of asArray(statement.Action)) {
        for (const target of asArray(statement.Resource)) pairs.add(`${action} ${key(target)}`);
      }
    }
  }
  return pairs;
}

/** What the topology says the function may do, plus what its triggers and secure defaults need, and nothing else. */
function expectedPairs(spec: FunctionSpec): Set<string> {
  const pairs = new Set<string>();
  const allow = (actions: readonly string[], targets: readonly unknown[]) => {
    for (const action of actions) for (const target of targets) pairs.add(`${action} ${key(target)}`);
  };
  const created = fn(spec.name);
  const table = stack.table.table;
  allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [arnOf(created.logGroup)]);
  allow(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*']);
  const tableTargets: unknown[] = [arnOf(table)];
  if (spec.access.table.includes('dynamodb:Query')) {
    tableTargets.push({ 'Fn::Join': ['', [arnOf(table), '/index/*']] });
  }
  // GSIs are read-only: a write action names the table alone.
  allow(
    spec.access.table.filter((a) => !isTableWrite(a)),
    tableTargets,
  );
  allow(spec.access.table.filter(isTableWrite), [arnOf(table)]);
  allow(
    ['sqs:SendMessage'],
    sendTargets(topology, spec).map((q) => arnOf(queue(q.name).queue)),
  );
  allow(
    ['sqs:GetQueueAttributes'],
    inspectTargets(topology, spec).map((q) => arnOf(queue(q.name).queue)),
  );
  if (spec.access.sendEmail) {
    const identities = ['example.com', 'noreply@example.com'].map((identity) =>
      stack.resolve(stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
    );
    allow(['ses:SendEmail'], identities);
  }
  for (const trigger of spec.triggers) {
    if (trigger.kind === 'queue') {
      allow(
        [
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ],
        [arnOf(queue(trigger.queue).queue)],
      );
    }
    if (trigger.kind === 'stream') {
      allow(['dynamodb:ListStreams'], ['*']);
      allow(
        ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        [{ 'Fn::GetAtt': [logicalId(table), 'StreamArn'] }],
      );
      const failures = stack.streamFailureQueues.get(spec.name);
      if (!failures) throw new Error(`no stream failure queue for ${spec.name}`);
      allow(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], [arnOf(failures)]);
    }
  }
  return pairs;
}

describe('table', () => {
  it('has the keys, GSIs, stream, TTL and protections the topology declares', () => {
    const spec = topology.table;
    const attributes = [
      spec.partitionKey,
      spec.sortKey,
      ...spec.gsis.flatMap((g) => [g.partitionKey, g.sortKey]),
    ];
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          { AttributeName: spec.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith(
          attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        ),
        GlobalSecondaryIndexes: spec.gsis.map((g) => ({
          IndexName: g.name,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: 'HASH' },
            { AttributeName: g.sortKey, KeyType: 'RANGE' },
          ],
          Projection:
            g.projection.type === 'INCLUDE'
              ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...g.projection.nonKeyAttributes] }
              : { ProjectionType: 'KEYS_ONLY' },
        })),
        StreamSpecification: { StreamViewType: spec.stream },
        TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
      },
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });
});

describe.each(topology.queues.map((q) => [q.name, q] as const))('queue %s', (name, spec) => {
  it('has its visibility timeout, retention, encryption and redrive to its DLQ', () => {
    const { queue: source, deadLetterQueue } = queue(name);
    expect(propertiesOf(source)).toEqual(
      expect.objectContaining({
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        MessageRetentionPeriod: spec.retentionDays * 86_400,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: arnOf(deadLetterQueue), maxReceiveCount: spec.maxReceiveCount },
      }),
    );
    const dlq = propertiesOf(deadLetterQueue);
    expect(dlq).toEqual(expect.objectContaining({ SqsManagedSseEnabled: true }));
    expect(dlq.MessageRetentionPeriod).toBe(spec.dlqRetentionDays * 86_400);
    expect(dlq.MessageRetentionPeriod as number).toBeGreaterThan(spec.retentionDays * 86_400);
  });

  it('denies every request that is not over TLS, on the queue and on its DLQ', () => {
    for (const target of [queue(name).queue, queue(name).deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(target) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Resource: arnOf(target),
            }),
          ]),
        },
      });
    }
  });

  it('alarms the operations topic when its DLQ holds a message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue(name).deadLetterQueue), 'QueueName'] } },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
  });

  it('is an output', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.values(outputs).map((o) => key(o.Value))).toContain(
      key({ Ref: logicalId(queue(name).queue) }),
    );
  });
});

describe.each(topology.functions.map((f) => [f.name, f] as const))('function %s', (name, spec) => {
  it('runs Node.js 24 on arm64 with its timeout, memory, tracing, JSON logs and concurrency', () => {
    const properties = propertiesOf(fn(name).function);
    expect(properties).toEqual(
      expect.objectContaining({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Timeout: spec.timeoutSeconds,
        MemorySize: spec.memoryMb,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: expect.objectContaining({
          LogFormat: 'JSON',
          LogGroup: { Ref: logicalId(fn(name).logGroup) },
        }),
      }),
    );
    expect(properties.ReservedConcurrentExecutions).toBe(spec.reservedConcurrency);
    const logGroup = propertiesOf(fn(name).logGroup);
    expect(logGroup.RetentionInDays).toEqual(expect.any(Number));
  });

  it('gets the runtime environment, with the URLs of exactly the queues it sends to or inspects', () => {
    const variables = (propertiesOf(fn(name).function).Environment as { Variables: Json }).Variables;
    expect(variables).toEqual(
      expect.objectContaining({
        TABLE_NAME: { Ref: logicalId(stack.table.table) },
        MAIL_FROM: 'noreply@example.com',
        OPS_EMAIL: 'ops@example.com',
        MAIL_TRANSPORT: 'ses',
        API_BASE_URL: { 'Fn::GetAtt': [logicalId(stack.httpApi.api), 'ApiEndpoint'] },
        POWERTOOLS_SERVICE_NAME: name,
        NODE_OPTIONS: '--enable-source-maps',
        ...spec.environment,
      }),
    );
    const reachable = new Set(
      [...sendTargets(topology, spec), ...inspectTargets(topology, spec)].map((q) => q.name),
    );
    // QUEUE_URLS is a JSON object built from tokens: each reachable queue's name next to a Ref to that queue.
    const queueUrls = key(variables.QUEUE_URLS);
    for (const q of topology.queues) {
      const referenced = queueUrls.includes(key({ Ref: logicalId(queue(q.name).queue) }));
      expect(referenced, q.name).toBe(reachable.has(q.name));
      expect(queueUrls.includes(`${q.name}\\":`), q.name).toBe(reachable.has(q.name));
    }
  });

  it('may do exactly what the topology grants it, and what its triggers need, nothing more', () => {
    expect([...grantedPairs(spec)].sort()).toEqual([...expectedPairs(spec)].sort());
  });

  it('writes only items whose partition key starts with its own prefixes (dynamodb:LeadingKeys)', () => {
    const writes = statementsOf(spec).filter((s) => asArray(s.Action).some((a) => isWriteAction(a)));
    const prefixes = spec.access.writeKeys ?? [];
    expect(writes.length).toBe(prefixes.length > 0 ? 1 : 0);
    for (const statement of writes) {
      expect(statement.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) },
      });
      // Every write action sits under that condition, none in another statement.
      expect(asArray(statement.Action).sort()).toEqual(spec.access.table.filter(isTableWrite).sort());
    }
    if (spec.access.readKeys) {
      const reads = statementsOf(spec).filter((s) => s.Sid === 'TableRead');
      expect(reads).toHaveLength(1);
      expect(reads[0]?.Condition).toEqual({
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': spec.access.readKeys.map((p) => `${p}*`),
        },
      });
    }
  });
});

describe('least privilege, negative cases', () => {
  const allStatements = () =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

  it('no identity policy grants a whole service (dynamodb:*, sqs:*, ses:*) or any action *', () => {
    const actions = allStatements().flatMap((s) => asArray(s.Action));
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).not.toMatch(/(^\*$|:\*$)/);
  });

  it('intake may not write an API key: its write condition admits no APIKEY# partition key', () => {
    const intake = topology.functions.find((f) => f.name === 'intake');
    if (!intake) throw new Error('no intake function');
    const writes = statementsOf(intake).filter((s) => asArray(s.Action).some((a) => isWriteAction(a)));
    expect(writes).toHaveLength(1);
    const patterns = writes[0]?.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    expect(Array.isArray(patterns)).toBe(true);
    const forged = `APIKEY#${'0'.repeat(64)}`;
    // IAM's StringLike: `*` matches any run of characters, every other character itself.
    const matches = (pattern: string, value: string) =>
      new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(value);
    expect(asArray(patterns as string[]).some((p) => matches(p, forged))).toBe(false);
    expect(asArray(patterns as string[]).some((p) => matches(p, 'PROJECT#prj_1'))).toBe(true);
  });

  it('only keys and profiles may write APIKEY# items', () => {
    const writers = topology.functions.filter((spec) =>
      statementsOf(spec).some(
        (s) =>
          asArray(s.Action).some((a) => isWriteAction(a)) && key(s.Condition ?? {}).includes('"APIKEY#*"'),
      ),
    );
    expect(writers.map((f) => f.name).sort()).toEqual(['keys', 'profiles']);
  });

  it('no write statement on the table is without its LeadingKeys condition', () => {
    for (const spec of topology.functions) {
      for (const statement of statementsOf(spec)) {
        if (!asArray(statement.Action).some((a) => isWriteAction(a))) continue;
        expect(statement.Condition, spec.name).toBeDefined();
      }
    }
  });

  it('a function that writes nothing is granted no write action (e.g. the authorizer has no PutItem)', () => {
    for (const spec of topology.functions.filter((f) => !f.access.table.includes('dynamodb:PutItem'))) {
      const granted = [...grantedPairs(spec)];
      expect(granted.filter((p) => p.startsWith('dynamodb:PutItem'))).toEqual([]);
    }
  });

  it('a function with nothing to send has no sqs:SendMessage, and only mail functions may send email', () => {
    for (const spec of topology.functions) {
      const granted = [...grantedPairs(spec)];
      const streamConsumer = spec.triggers.some((t) => t.kind === 'stream');
      if (spec.access.sendTo.length === 0 && !streamConsumer) {
        expect(granted.filter((p) => p.startsWith('sqs:SendMessage'))).toEqual([]);
      }
      expect(granted.some((p) => p.startsWith('ses:'))).toBe(spec.access.sendEmail);
    }
  });
});

describe('HTTP API', () => {
  const routeResources = () => Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
  const authorizerSpec = topology.functions.find((f) => f.triggers.some((t) => t.kind === 'authorizer'));

  it('has exactly the topology routes, each to its own function, with the authorizer iff auth is key', () => {
    const declared = topology.functions.flatMap((spec) => httpRoutes(spec).map((route) => ({ spec, route })));
    expect(routeResources()).toHaveLength(declared.length);
    for (const { spec, route } of declared) {
      const found = routeResources().find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      const properties = found?.Properties ?? {};
      if (route.auth === 'key') {
        expect(properties.AuthorizationType).toBe('CUSTOM');
        expect(properties.AuthorizerId).toEqual({ Ref: expect.any(String) });
      } else {
        expect(properties.AuthorizationType).toBe('NONE');
        expect(properties.AuthorizerId).toBeUndefined();
      }
      const integrationId = key(properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      const integration = resources[integrationId]?.Properties;
      expect(key(integration?.IntegrationUri)).toContain(`"${logicalId(fn(spec.name).function)}"`);
    }
  });

  it('calls the authorizer on every request: REQUEST, simple responses, no cache, no identity source', () => {
    expect(authorizerSpec).toBeDefined();
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([arnOf(fn(authorizerSpec?.name ?? '').function)])] },
    });
    expect(onlyResourceOfType('AWS::ApiGatewayV2::Authorizer').IdentitySource ?? []).toEqual([]);
  });

  it('throttles the default stage as the topology says and writes JSON access logs', () => {
    const stage = onlyResourceOfType('AWS::ApiGatewayV2::Stage');
    expect(stage.StageName).toBe('$default');
    expect(stage.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: topology.api.throttle.rateLimit,
      ThrottlingBurstLimit: topology.api.throttle.burstLimit,
    });
    const format = JSON.parse((stage.AccessLogSettings as { Format: string }).Format) as Json;
    expect(Object.keys(format)).toEqual(
      expect.arrayContaining(['requestId', 'routeKey', 'status', 'latency', 'ip']),
    );
  });

  it('gives every public route the anonymous budget as a throttle of its own, and no keyed route one', () => {
    const stage = onlyResourceOfType('AWS::ApiGatewayV2::Stage');
    const publicRoutes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter((r) => (r.Properties as { AuthorizationType?: string }).AuthorizationType !== 'CUSTOM')
      .map((r) => String((r.Properties as { RouteKey: string }).RouteKey))
      .sort();
    expect(publicRoutes.length).toBeGreaterThan(0);
    const settings = (stage.RouteSettings ?? {}) as Record<string, unknown>;
    expect(Object.keys(settings).sort()).toEqual(publicRoutes);
    for (const key of publicRoutes) {
      expect(settings[key]).toEqual({
        ThrottlingRateLimit: topology.api.anonymousThrottle.rateLimit,
        ThrottlingBurstLimit: topology.api.anonymousThrottle.burstLimit,
      });
    }
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [logicalId(stack.httpApi.api), 'ApiEndpoint'] } });
  });
});

describe('triggers', () => {
  const mappings = () =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping')
      .map((r) => r.Properties);

  it('each queue trigger: batch size, window, max concurrency, partial batch failures', () => {
    for (const spec of topology.functions) {
      for (const t of spec.triggers) {
        if (t.kind !== 'queue') continue;
        expect(mappings()).toContainEqual(
          expect.objectContaining({
            EventSourceArn: arnOf(queue(t.queue).queue),
            FunctionName: { Ref: logicalId(fn(spec.name).function) },
            BatchSize: t.batchSize,
            MaximumBatchingWindowInSeconds: t.maxBatchingWindowSeconds,
            ScalingConfig: { MaximumConcurrency: t.maxConcurrency },
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          }),
        );
      }
    }
  });

  it('the stream trigger reads event-row (history, the outbox) inserts only, bisects, retries and parks failures', () => {
    const consumers = topology.functions.filter((f) => f.triggers.some((t) => t.kind === 'stream'));
    expect(consumers.length).toBeGreaterThan(0);
    for (const spec of consumers) {
      const t = spec.triggers.find((x) => x.kind === 'stream');
      if (t?.kind !== 'stream') continue;
      const failures = stack.streamFailureQueues.get(spec.name);
      expect(failures).toBeDefined();
      const mapping = mappings().find(
        (m) => key(m.FunctionName) === key({ Ref: logicalId(fn(spec.name).function) }),
      );
      expect(mapping).toEqual(
        expect.objectContaining({
          EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.table.table), 'StreamArn'] },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: t.batchSize,
          MaximumBatchingWindowInSeconds: t.maxBatchingWindowSeconds,
          MaximumRetryAttempts: t.retryAttempts,
          BisectBatchOnFunctionError: true,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          DestinationConfig: { OnFailure: { Destination: arnOf(failures as IConstruct) } },
        }),
      );
      if (!mapping) throw new Error(`no stream mapping for ${spec.name}`);
      const filters = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
      // The topology's filter, the one the local stack applies too: inserts of event rows (history) only.
      expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([outboxStreamFilter]);
      expect(outboxStreamFilter).toEqual({
        eventName: ['INSERT'],
        dynamodb: { NewImage: { entity: { S: ['history'] } } },
      });
      // The failure queue is watched like every DLQ.
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Dimensions: [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(failures as IConstruct), 'QueueName'] } },
        ],
        AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
      });
    }
  });

  it('each schedule: its cron in its time zone, invoking its function', () => {
    const schedules = topology.functions.flatMap((spec) =>
      spec.triggers.flatMap((t) => (t.kind === 'schedule' ? [{ spec, t }] : [])),
    );
    expect(schedules.length).toBeGreaterThan(0);
    template.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
    for (const { spec, t } of schedules) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: `cron(${t.cron})`,
        ScheduleExpressionTimezone: t.timeZone,
        Target: Match.objectLike({ Arn: arnOf(fn(spec.name).function) }),
      });
    }
    // The scheduled-event envelope with the schedule's own time: the deadline sweeper's clock.
    const inputs = Object.values(template.findResources('AWS::Scheduler::Schedule')).map(
      (r) => JSON.parse(r.Properties.Target.Input) as Record<string, unknown>,
    );
    expect(inputs).toHaveLength(schedules.length);
    for (const input of inputs) {
      expect(input).toMatchObject({ time: '<aws.scheduler.scheduled-time>', source: 'aws.scheduler' });
    }
  });
});

describe('operations alarm topic', () => {
  it('is encrypted with a rotating customer key, SSL-only, and emails the ops address', () => {
    const topicId = logicalId(stack.alarms.topic);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const dlqCount = topology.queues.length + stack.streamFailureQueues.size;
    const staffQueues = topology.queues.filter((q) => q.consumer === STAFF_CONSUMER).length;
    template.resourceCountIs('AWS::CloudWatch::Alarm', dlqCount + staffQueues);
    expect(Stack.of(stack.alarms.topic)).toBe(stack);
  });
});

describe('wildcards and confused deputies', () => {
  /** Every policy statement anywhere in the template: identity, queue, topic and key policies alike. */
  function everyStatement(): Statement[] {
    const found: Statement[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) visit(item);
        return;
      }
      if (value === null || typeof value !== 'object') return;
      for (const [name, child] of Object.entries(value)) {
        if (name === 'Statement' && Array.isArray(child)) found.push(...(child as Statement[]));
        else visit(child);
      }
    };
    visit(resources);
    return found;
  }

  it('no Allow statement anywhere in the template names a wildcard action (*, service:*, Prefix*) or NotAction', () => {
    const allows = everyStatement().filter((s) => s.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(10);
    const wildcards = allows.flatMap((s) => asArray(s.Action ?? []).filter((a) => a.includes('*')));
    expect(wildcards).toEqual([]);
    expect(allows.filter((s) => 'NotAction' in s)).toEqual([]);
  });

  it('CloudWatch may use the alarm topic key only for alarms of this account', () => {
    const { KeyPolicy } = onlyResourceOfType('AWS::KMS::Key');
    const statements = (KeyPolicy as { Statement: (Statement & { Principal: unknown })[] }).Statement;
    const cloudwatch = statements.filter((s) => key(s.Principal).includes('cloudwatch.amazonaws.com'));
    expect(cloudwatch).toHaveLength(1);
    expect(cloudwatch[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':cloudwatch:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':alarm:*',
            ],
          ],
        },
      },
    });
    // Every other principal of the key policy is this account's root (IAM decides from there).
    for (const statement of statements.filter((s) => !cloudwatch.includes(s))) {
      expect(key(statement.Principal)).toContain(':iam::');
    }
  });
});

describe('routing by field: the relay reaches exactly the routed queues', () => {
  const relaySpec = topology.functions.find((f) => f.triggers.some((t) => t.kind === 'stream'));
  /** (action, queue name) for every sqs:SendMessage any role holds on a topology queue. */
  function sendGrants(): { role: string; queue: string }[] {
    const byArn = new Map(topology.queues.map((q) => [key(arnOf(queue(q.name).queue)), q.name]));
    const grants: { role: string; queue: string }[] = [];
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const roles = (resource.Properties.Roles as unknown[]).map(key);
      for (const statement of (resource.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        if (!asArray(statement.Action).includes('sqs:SendMessage')) continue;
        for (const target of asArray(statement.Resource)) {
          const name = byArn.get(key(target));
          if (name) for (const role of roles) grants.push({ role, queue: name });
        }
      }
    }
    return grants;
  }

  it('the relay may send to every platform queue, and to nothing the routing does not name', () => {
    if (!relaySpec) throw new Error('no stream consumer in the topology');
    const relayRole = key({ Ref: logicalId(fn(relaySpec.name).role) });
    const granted = sendGrants()
      .filter((g) => g.role === relayRole)
      .map((g) => g.queue)
      .sort();
    const routed = [...new Set([...routingTargets(topology.eventRouting), RELAY_UNDELIVERABLE_QUEUE])].sort();
    expect(granted).toEqual(routed);
    for (const platform of topology.platforms)
      expect(granted).toContain(platformQueueName(platform.platformId));
  });

  it('no other function may send to a platform queue or to relay-undeliverable', () => {
    if (!relaySpec) throw new Error('no stream consumer in the topology');
    const relayRole = key({ Ref: logicalId(fn(relaySpec.name).role) });
    const guarded = new Set([
      ...topology.platforms.map((p) => platformQueueName(p.platformId)),
      RELAY_UNDELIVERABLE_QUEUE,
    ]);
    const others = sendGrants().filter((g) => g.role !== relayRole && guarded.has(g.queue));
    expect(others).toEqual([]);
  });

  it('relay-undeliverable alarms on its first message, besides its own DLQ', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(queue(RELAY_UNDELIVERABLE_QUEUE).queue), 'QueueName'] },
        },
      ],
      Threshold: 1,
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
  });

  it("each platform queue and its DLQ allow exactly the configured reader (config/platforms.json's placeholder here)", () => {
    // Who else is kept out, evaluated principal by principal, is test/unit/infra/platform-queues.test.ts.
    for (const platform of topology.platforms) {
      const { queue: source, deadLetterQueue } = queue(platformQueueName(platform.platformId));
      for (const target of [source, deadLetterQueue]) {
        const statements = Object.values(resources)
          .filter(
            (r) =>
              r.Type === 'AWS::SQS::QueuePolicy' &&
              (r.Properties.Queues as unknown[]).some((q) => key(q) === key({ Ref: logicalId(target) })),
          )
          .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
        const allows = statements.filter((st) => st.Effect === 'Allow') as (Statement & {
          Principal: unknown;
        })[];
        expect(allows.map((st) => st.Principal)).toEqual([{ AWS: platform.consumerPrincipal }]);
      }
    }
  });
});
