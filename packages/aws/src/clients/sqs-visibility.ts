/**
 * An SQS client that knows two operations, GetQueueUrl and ChangeMessageVisibility: the consumers' retry backoff
 * (../queue-backoff.ts) is all they ask of SQS, and the generated `@aws-sdk/client-sqs` carries every operation's
 * schema and its own endpoint rules (≈ 24 KB per consumer bundle, which kept subsidy, evaluation and matching over
 * 1.5× the hello-world). Everything here is the SDK's own machinery that the DynamoDB client already puts in every
 * bundle — the smithy client and middleware, the AWS JSON 1.0 protocol SQS speaks, SigV4 signing, the default
 * credential and region chains, the node HTTP handler, the partition table — so the client behaves as the
 * generated one (retries, signing, `AWS_ENDPOINT_URL_SQS` for the local emulator) and adds only the two
 * operations' schemas and their seven modelled errors (this module is ≈ 3.7 KB of a bundle, against ≈ 24 KB).
 */
import {
  createDefaultUserAgentProvider,
  getDefaultSocketTimeout,
  getHostHeaderPlugin,
  getLoggerPlugin,
  getRecursionDetectionPlugin,
  getUserAgentPlugin,
  partition,
  resolveHostHeaderConfig,
  resolveUserAgentConfig,
} from '@aws-sdk/core/client';
import { AwsSdkSigV4Signer, resolveAwsSdkSigV4Config } from '@aws-sdk/core/httpAuthSchemes';
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import { defaultProvider as credentialDefaultProvider } from '@aws-sdk/credential-provider-node';
import {
  DefaultIdentityProviderConfig,
  getHttpAuthSchemeEndpointRuleSetPlugin,
  getHttpSigningPlugin,
} from '@smithy/core';
import { Sha256 } from '@smithy/core/checksum';
import {
  Client,
  getSmithyContext,
  makeBuilder,
  NoOpLogger,
  normalizeProvider,
  ServiceException,
  type ServiceExceptionOptions,
} from '@smithy/core/client';
import {
  loadConfig,
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  resolveRegionConfig,
} from '@smithy/core/config';
import { getEndpointPlugin, resolveEndpointConfig } from '@smithy/core/endpoints';
import {
  getContentLengthPlugin,
  getHttpHandlerExtensionConfiguration,
  parseUrl,
} from '@smithy/core/protocols';
import {
  DEFAULT_RETRY_MODE,
  getRetryPlugin,
  NODE_MAX_ATTEMPT_CONFIG_OPTIONS,
  NODE_RETRY_MODE_CONFIG_OPTIONS,
  resolveRetryConfig,
} from '@smithy/core/retry';
import { getSchemaSerdePlugin, TypeRegistry } from '@smithy/core/schema';
import { calculateBodyLength, fromBase64, fromUtf8, toBase64, toUtf8 } from '@smithy/core/serde';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import type {
  EndpointParameters,
  EndpointV2,
  HandlerExecutionContext,
  HttpAuthOption,
  HttpHandlerOptions,
  MetadataBearer,
  StaticErrorSchema,
  StaticOperationSchema,
  StaticStructureSchema,
} from '@smithy/types';

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
const MODELLED_ERRORS: readonly (readonly [name: string, queryCode: string, status: number])[] = [
  ['InvalidAddress', 'InvalidAddress', 404],
  ['InvalidSecurity', 'InvalidSecurity', 403],
  ['MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 400],
  ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 400],
  ['ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404],
  ['RequestThrottled', 'RequestThrottled', 403],
  ['UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400],
];

function errorRegistry(): TypeRegistry {
  const registry = new TypeRegistry(NAMESPACE);
  for (const [name, queryCode, status] of MODELLED_ERRORS) {
    const schema: StaticErrorSchema = [
      -3,
      NAMESPACE,
      name,
      { awsQueryError: [queryCode, status], error: 'client', httpError: status },
      ['message'],
      [0],
    ];
    registry.registerError(
      schema,
      class extends ServiceException {
        constructor(options: ServiceExceptionOptions) {
          super({ ...options, name, $fault: 'client' });
        }
      },
    );
  }
  return registry;
}

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

// The endpoint parameters every SQS command resolves; `Endpoint` is `AWS_ENDPOINT_URL_SQS` (or an explicit
// `endpoint`) when set, which is how the local stack points the functions at its emulator.
const endpointParameters = {
  UseFIPS: { type: 'builtInParams', name: 'useFipsEndpoint' },
  Endpoint: { type: 'builtInParams', name: 'endpoint' },
  Region: { type: 'builtInParams', name: 'region' },
  UseDualStack: { type: 'builtInParams', name: 'useDualstackEndpoint' },
} as const;

/**
 * The SQS endpoint: the configured one, else `sqs.<region>.<partition's DNS suffix>` (amazonaws.com,
 * amazonaws.com.cn…), the standard endpoint of SQS's rules. FIPS and dual-stack endpoints are not offered: no
 * function asks for them, and asking for them fails loudly instead of silently using the standard endpoint.
 */
export function sqsEndpoint(params: EndpointParameters): EndpointV2 {
  const { Endpoint, Region, UseFIPS, UseDualStack } = params;
  if (typeof Endpoint === 'string' && Endpoint !== '') return { url: new URL(Endpoint) };
  if (UseFIPS === true || UseDualStack === true) {
    throw new Error('The lean SQS client offers neither FIPS nor dual-stack endpoints');
  }
  if (typeof Region !== 'string' || Region === '') throw new Error('The SQS endpoint needs a region');
  return { url: new URL(`https://sqs.${Region}.${partition(Region).dnsSuffix}`) };
}

async function authParameters(
  config: { region: () => Promise<string> },
  context: HandlerExecutionContext,
): Promise<{ region: string; operation: string }> {
  return { operation: String(getSmithyContext(context).operation), region: await config.region() };
}

function sigv4(parameters: { region: string }): HttpAuthOption[] {
  return [
    {
      schemeId: 'aws.auth#sigv4',
      signingProperties: { name: 'sqs', region: parameters.region },
      // The SigV4 signer reads the client's config and the call's context from the signing properties.
      propertiesExtractor: (config, context) => ({ signingProperties: { config, context } }),
    },
  ];
}

/** Configuration the tests may override (the HTTP handler, region, credentials, endpoint). */
export interface SqsVisibilityClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestHandler?: NodeHttpHandler | { handle: NodeHttpHandler['handle'] };
  maxAttempts?: number;
}

/**
 * The generated client's HTTP handler: its socket timeout (15 min, unless the SDK's switch turns it off) set the
 * way its runtime extensions set it. Its defaults mode is the SDK's default, legacy, which sets no other option.
 */
function httpHandler(): NodeHttpHandler {
  const requestHandler = new NodeHttpHandler();
  getHttpHandlerExtensionConfiguration({
    requestHandler,
    defaultSocketTimeout: getDefaultSocketTimeout(undefined, 900_000),
  });
  return requestHandler;
}

/** The runtime configuration the generated SQS client assembles for Node, reduced to what two calls need. */
function runtimeConfig(config: SqsVisibilityClientConfig) {
  const loaderConfig = { logger: new NoOpLogger() };
  return {
    apiVersion: '2012-11-05',
    base64Decoder: fromBase64,
    base64Encoder: toBase64,
    bodyLengthChecker: calculateBodyLength,
    credentialDefaultProvider,
    defaultUserAgentProvider: createDefaultUserAgentProvider({ serviceId: 'SQS', clientVersion: '0.0.0' }),
    defaultSigningName: 'sqs',
    disableHostPrefix: false,
    endpointProvider: sqsEndpoint,
    extensions: [],
    httpAuthSchemeProvider: sigv4,
    httpAuthSchemes: [
      {
        schemeId: 'aws.auth#sigv4',
        identityProvider: (ipc: DefaultIdentityProviderConfig) => ipc.getIdentityProvider('aws.auth#sigv4'),
        signer: new AwsSdkSigV4Signer(),
      },
    ],
    logger: loaderConfig.logger,
    protocol: new AwsJson1_0Protocol({
      defaultNamespace: NAMESPACE,
      errorTypeRegistries: [errorRegistry()],
      serviceTarget: SERVICE,
      awsQueryCompatible: true,
    }),
    serviceId: 'SQS',
    sha256: Sha256,
    urlParser: parseUrl,
    utf8Decoder: fromUtf8,
    utf8Encoder: toUtf8,
    streamCollector,
    runtime: 'node',
    useDualstackEndpoint: false,
    useFipsEndpoint: false,
    ...config,
    maxAttempts: config.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS),
    region:
      config.region ??
      loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
    requestHandler: config.requestHandler ?? httpHandler(),
    retryMode: loadConfig({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: DEFAULT_RETRY_MODE }),
  };
}

/** The generated SQS client's config resolution (minus its queue-URL plugin's), on one object. */
function resolvedConfig(configuration: SqsVisibilityClientConfig) {
  const initial = runtimeConfig(configuration);
  const withUserAgent = resolveUserAgentConfig(initial);
  const withRetry = resolveRetryConfig(withUserAgent);
  const withRegion = resolveRegionConfig(withRetry);
  const withHost = resolveHostHeaderConfig(withRegion);
  const withEndpoint = resolveEndpointConfig(withHost);
  const withSigning = resolveAwsSdkSigV4Config(withEndpoint);
  return Object.assign(withSigning, { authSchemePreference: normalizeProvider<string[]>([]) });
}
type ResolvedConfig = ReturnType<typeof resolvedConfig>;

/** A smithy client with the generated SQS client's middleware (serde, retry, signing…) minus its queue-URL plugin. */
export class SqsVisibilityClient extends Client<HttpHandlerOptions, Input, Output, ResolvedConfig> {
  constructor(configuration: SqsVisibilityClientConfig = {}) {
    // Every resolver extends the same object, as in the generated clients.
    const config = resolvedConfig(configuration);
    super(config);
    this.initConfig = config;
    this.middlewareStack.use(getSchemaSerdePlugin(this.config));
    this.middlewareStack.use(getUserAgentPlugin(this.config));
    this.middlewareStack.use(getRetryPlugin(this.config));
    this.middlewareStack.use(getContentLengthPlugin(this.config));
    this.middlewareStack.use(getHostHeaderPlugin(this.config));
    this.middlewareStack.use(getLoggerPlugin(this.config));
    this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
    this.middlewareStack.use(
      getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
        httpAuthSchemeParametersProvider: authParameters,
        identityProviderConfigProvider: async (config: ResolvedConfig) =>
          new DefaultIdentityProviderConfig({ 'aws.auth#sigv4': config.credentials }),
      }),
    );
    this.middlewareStack.use(getHttpSigningPlugin(this.config));
  }
}

const command = makeBuilder<ResolvedConfig, Input, Output>(
  endpointParameters,
  SERVICE,
  'SqsVisibilityClient',
  getEndpointPlugin,
);
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
