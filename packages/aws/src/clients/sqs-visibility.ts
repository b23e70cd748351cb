/**
 * An SQS client that knows two operations, GetQueueUrl and ChangeMessageVisibility: the consumers' retry backoff
 * (../queue-backoff.ts) is all they ask of SQS, and the generated `@aws-sdk/client-sqs` carries every operation's
 * schema and its own endpoint rules (≈ 24 KB per consumer bundle, which kept subsidy, evaluation and matching over
 * 1.5× the hello-world). The client is the SDK's own machinery that the DynamoDB client already puts in every bundle
 * (lean-client.ts, shared with the SendEmail client) with the AWS JSON 1.0 protocol SQS speaks, so it behaves as the
 * generated one (retries, signing, `AWS_ENDPOINT_URL_SQS` for the local emulator) and adds only the two
 * operations' schemas and their seven modelled errors (this module is ≈ 3.7 KB of a bundle, against ≈ 24 KB).
 */
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import type { MetadataBearer, StaticOperationSchema, StaticStructureSchema } from '@smithy/types';
import {
  errorRegistry,
  LeanClient,
  type LeanClientConfig,
  type LeanService,
  leanCommand,
  modelledError,
  regionalEndpoint,
} from './lean-client.js';

/** The SQS model's namespace and JSON target prefix (what the generated client sends as `X-Amz-Target`). */
const NAMESPACE = 'com.amazonaws.sqs';
const SERVICE = 'AmazonSQS';

// The two operations' shapes, copied from the generated client's schemas (member types: 0 = string,
// 1 = number; the trailing count is how many members are required). The output of ChangeMessageVisibility is
// smithy's unit.
const ChangeMessageVisibilityRequest: StaticStructureSchema = [
  3,
  NAMESPACE,
  'ChangeMessageVisibilityRequest',
  0,
  ['QueueUrl', 'ReceiptHandle', 'VisibilityTimeout'],
  [0, 0, 1],
  3,
];
const GetQueueUrlRequest: StaticStructureSchema = [
  3,
  NAMESPACE,
  'GetQueueUrlRequest',
  0,
  ['QueueName', 'QueueOwnerAWSAccountId'],
  [0, 0],
  1,
];
const GetQueueUrlResult: StaticStructureSchema = [3, NAMESPACE, 'GetQueueUrlResult', 0, ['QueueUrl'], [0]];
const ChangeMessageVisibility: StaticOperationSchema = [
  9,
  NAMESPACE,
  'ChangeMessageVisibility',
  0,
  () => ChangeMessageVisibilityRequest,
  () => 'unit',
];
const GetQueueUrl: StaticOperationSchema = [
  9,
  NAMESPACE,
  'GetQueueUrl',
  0,
  () => GetQueueUrlRequest,
  () => GetQueueUrlResult,
];

/**
 * The errors the two operations are modelled with: name, SQS's query-compatible code
 * (`x-amzn-query-error`) and HTTP status, copied from the generated client's schemas. SQS names a failure by its
 * query code (`AWS.SimpleQueueService.NonExistentQueue`); the registry turns that back into the model's name
 * (`QueueDoesNotExist`), so errors read and retry exactly as the generated client's do.
 */
const MODELLED_ERRORS = (
  [
    ['InvalidAddress', 'InvalidAddress', 404],
    ['InvalidSecurity', 'InvalidSecurity', 403],
    ['MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 400],
    ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 400],
    ['ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404],
    ['RequestThrottled', 'RequestThrottled', 403],
    ['UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400],
  ] as const
).map(([name, queryCode, status]) => ({ name, queryCode, status, error: modelledError(name) }));

export interface ChangeMessageVisibilityInput {
  QueueUrl: string;
  ReceiptHandle: string;
  VisibilityTimeout: number;
}
export interface GetQueueUrlInput {
  QueueName: string;
  QueueOwnerAWSAccountId?: string;
}
export interface GetQueueUrlOutput extends MetadataBearer {
  QueueUrl?: string;
}
type Input = ChangeMessageVisibilityInput | GetQueueUrlInput;
type Output = MetadataBearer | GetQueueUrlOutput;

/**
 * The SQS endpoint: the configured one (`AWS_ENDPOINT_URL_SQS`, which is how the local stack points the functions
 * at its emulator), else `sqs.<region>.<partition's DNS suffix>` (amazonaws.com, amazonaws.com.cn…), the standard
 * endpoint of SQS's rules. FIPS and dual-stack endpoints are not offered.
 */
export const sqsEndpoint = regionalEndpoint('sqs', 'SQS');

const sqs: LeanService = {
  // The service id names the endpoint variable: AWS_ENDPOINT_URL_SQS.
  serviceId: 'SQS',
  apiVersion: '2012-11-05',
  signingName: 'sqs',
  // The generated SQS client's default socket timeout: 15 min.
  socketTimeoutMs: 900_000,
  endpointProvider: sqsEndpoint,
  protocol: () =>
    new AwsJson1_0Protocol({
      defaultNamespace: NAMESPACE,
      errorTypeRegistries: [errorRegistry(NAMESPACE, MODELLED_ERRORS)],
      serviceTarget: SERVICE,
      awsQueryCompatible: true,
    }),
};

/** Configuration the tests may override (the HTTP handler, region, credentials, endpoint). */
export type SqsVisibilityClientConfig = LeanClientConfig;

/** A smithy client with the generated SQS client's middleware (serde, retry, signing…) minus its queue-URL plugin. */
export class SqsVisibilityClient extends LeanClient<Input, Output> {
  constructor(configuration: SqsVisibilityClientConfig = {}) {
    super(sqs, configuration);
  }
}

const command = leanCommand<Input, Output>(SERVICE, 'SqsVisibilityClient');
const noPlugins = () => [];

export class SqsChangeMessageVisibilityCommand extends command<ChangeMessageVisibilityInput, MetadataBearer>(
  {},
  noPlugins,
  'ChangeMessageVisibility',
  ChangeMessageVisibility,
) {}

export class SqsGetQueueUrlCommand extends command<GetQueueUrlInput, GetQueueUrlOutput>(
  {},
  noPlugins,
  'GetQueueUrl',
  GetQueueUrl,
) {}

/**
 * The consumers' SQS client (one per process, created at init like ../clients.ts's). Requests go to the client's
 * own endpoint, never to a queue URL's host, as with the full client's `useQueueUrlAsEndpoint: false`.
 */
export const sqsVisibility = /* @__PURE__ */ new SqsVisibilityClient();
