/**
 * An SES v2 client that knows one operation, SendEmail: it is all the notification consumer and the digest ask of
 * SES. The generated `@aws-sdk/client-sesv2` carries every SES operation's schema (≈ 50 KB of its ≈ 62 KB per
 * bundle), which alone kept the notification function far over 1.5× the hello-world (issue 13). Everything here is
 * the SDK's own machinery, already in every bundle through the DynamoDB client: the smithy client and middleware,
 * the REST-JSON protocol SES v2 speaks, SigV4 signing, the default credential and region chains, the node HTTP
 * handler and the partition table. So the client behaves as the generated one (retries, signing, socket timeout,
 * `AWS_ENDPOINT_URL_SESV2` for the local emulator, errors named by the model) and adds only SendEmail's schema for
 * the shapes we send and its eight modelled errors. There is no shared instance: services/notification/transport.ts
 * builds the one client each sending function needs at cold start, with that function's retry setting.
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
import { AwsRestJsonProtocol } from '@aws-sdk/core/protocols';
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
  StaticListSchema,
  StaticOperationSchema,
  StaticStructureSchema,
} from '@smithy/types';

/** The SES v2 model's namespace. */
const NAMESPACE = 'com.amazonaws.sesv2';

// SendEmail's shapes, copied from the generated client's schemas (@aws-sdk/client-sesv2
// dist-es/schemas/schemas_0.js: SendEmail$, SendEmailRequest$, EmailContent$, Message$, Body$, Content$,
// MessageHeader$, Destination$, SendEmailResponse$), cut to the members we send: a simple message (no raw or
// templated content, attachments, tags, configuration set or list management). Member types: 0 = string,
// 64 | 0 = list of strings; the trailing count is how many leading members are required. The protocol
// serializes only the members a schema names, so the input types below name exactly these.
const Content: StaticStructureSchema = [3, NAMESPACE, 'Content', 0, ['Data', 'Charset'], [0, 0], 1];
const Body: StaticStructureSchema = [
  3,
  NAMESPACE,
  'Body',
  0,
  ['Text', 'Html'],
  [() => Content, () => Content],
];
const MessageHeader: StaticStructureSchema = [3, NAMESPACE, 'MessageHeader', 0, ['Name', 'Value'], [0, 0], 2];
const MessageHeaderList: StaticListSchema = [1, NAMESPACE, 'MessageHeaderList', 0, () => MessageHeader];
const Message: StaticStructureSchema = [
  3,
  NAMESPACE,
  'Message',
  0,
  ['Subject', 'Body', 'Headers'],
  [() => Content, () => Body, () => MessageHeaderList],
  2,
];
const EmailContent: StaticStructureSchema = [3, NAMESPACE, 'EmailContent', 0, ['Simple'], [() => Message]];
const Destination: StaticStructureSchema = [
  3,
  NAMESPACE,
  'Destination',
  0,
  ['ToAddresses', 'CcAddresses', 'BccAddresses'],
  [64 | 0, 64 | 0, 64 | 0],
];
const SendEmailRequest: StaticStructureSchema = [
  3,
  NAMESPACE,
  'SendEmailRequest',
  0,
  ['Content', 'FromEmailAddress', 'Destination'],
  [() => EmailContent, 0, () => Destination],
  1,
];
const SendEmailResponse: StaticStructureSchema = [3, NAMESPACE, 'SendEmailResponse', 0, ['MessageId'], [0]];
const SendEmail: StaticOperationSchema = [
  9,
  NAMESPACE,
  'SendEmail',
  { http: ['POST', '/v2/email/outbound-emails', 200] },
  () => SendEmailRequest,
  () => SendEmailResponse,
];

export interface SesContent {
  Data: string;
  Charset?: string;
}
export interface SendEmailInput {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Content: {
    Simple?: {
      Subject: SesContent;
      Body: { Text?: SesContent; Html?: SesContent };
      Headers?: { Name: string; Value: string }[];
    };
  };
}
export interface SendEmailOutput extends MetadataBearer {
  MessageId?: string;
}

/** An SES error as the generated client raises it: its class carries the model's name and fault. */
export type SesErrorClass = new (
  options: Omit<ServiceExceptionOptions, 'name' | '$fault'>,
) => ServiceException;

function modelledError(name: string): SesErrorClass {
  return class extends ServiceException {
    constructor(options: Omit<ServiceExceptionOptions, 'name' | '$fault'>) {
      super({ ...options, name, $fault: 'client' });
    }
  };
}

// The errors SendEmail is modelled with (all client faults; HTTP status as in the generated client's schemas).
// They keep their names, which is what decides retries: the SDK's retry strategy treats TooManyRequestsException
// (and any 429) as throttling, ses-mailer.ts tells permanent refusals (MessageRejected…) from transient ones.
export const AccountSuspendedException = modelledError('AccountSuspendedException');
export const BadRequestException = modelledError('BadRequestException');
export const LimitExceededException = modelledError('LimitExceededException');
export const MailFromDomainNotVerifiedException = modelledError('MailFromDomainNotVerifiedException');
export const MessageRejected = modelledError('MessageRejected');
export const NotFoundException = modelledError('NotFoundException');
export const SendingPausedException = modelledError('SendingPausedException');
export const TooManyRequestsException = modelledError('TooManyRequestsException');

const MODELLED_ERRORS: readonly (readonly [name: string, status: number, error: SesErrorClass])[] = [
  ['AccountSuspendedException', 400, AccountSuspendedException],
  ['BadRequestException', 400, BadRequestException],
  ['LimitExceededException', 400, LimitExceededException],
  ['MailFromDomainNotVerifiedException', 400, MailFromDomainNotVerifiedException],
  ['MessageRejected', 400, MessageRejected],
  ['NotFoundException', 404, NotFoundException],
  ['SendingPausedException', 400, SendingPausedException],
  ['TooManyRequestsException', 429, TooManyRequestsException],
];

function errorRegistry(): TypeRegistry {
  const registry = new TypeRegistry(NAMESPACE);
  for (const [name, status, error] of MODELLED_ERRORS) {
    const schema: StaticErrorSchema = [
      -3,
      NAMESPACE,
      name,
      { error: 'client', httpError: status },
      ['message'],
      [0],
    ];
    registry.registerError(schema, error);
  }
  return registry;
}

// The endpoint parameters every SES v2 command resolves (the generated client's `commonParams`; SendEmail's own
// `EndpointId`, for multi-region endpoints, is never set by us). `Endpoint` is `AWS_ENDPOINT_URL_SESV2` (or an
// explicit `endpoint`) when set, which is how the local stack points the functions at its SES emulator.
const endpointParameters = {
  UseFIPS: { type: 'builtInParams', name: 'useFipsEndpoint' },
  Endpoint: { type: 'builtInParams', name: 'endpoint' },
  Region: { type: 'builtInParams', name: 'region' },
  UseDualStack: { type: 'builtInParams', name: 'useDualstackEndpoint' },
} as const;

/**
 * The SES v2 endpoint: the configured one, else `email.<region>.<partition's DNS suffix>`, the standard endpoint
 * of SES v2's rules. FIPS, dual-stack and multi-region endpoints are not offered: no function asks for them, and
 * asking fails loudly instead of silently using the standard endpoint.
 */
export function sesEndpoint(params: EndpointParameters): EndpointV2 {
  const { Endpoint, Region, UseFIPS, UseDualStack } = params;
  if (typeof Endpoint === 'string' && Endpoint !== '') return { url: new URL(Endpoint) };
  if (UseFIPS === true || UseDualStack === true) {
    throw new Error('The lean SES client offers neither FIPS nor dual-stack endpoints');
  }
  if (typeof Region !== 'string' || Region === '') throw new Error('The SES endpoint needs a region');
  return { url: new URL(`https://email.${Region}.${partition(Region).dnsSuffix}`) };
}

async function authParameters(
  config: { region: () => Promise<string> },
  context: HandlerExecutionContext,
): Promise<{ region: string; operation: string }> {
  return { operation: String(getSmithyContext(context).operation), region: await config.region() };
}

/** SigV4 for the signing name `ses` (the generated client also offers SigV4a, used only by multi-region endpoints). */
function sigv4(parameters: { region: string }): HttpAuthOption[] {
  return [
    {
      schemeId: 'aws.auth#sigv4',
      signingProperties: { name: 'ses', region: parameters.region },
      // The SigV4 signer reads the client's config and the call's context from the signing properties.
      propertiesExtractor: (config, context) => ({ signingProperties: { config, context } }),
    },
  ];
}

/** Configuration callers and tests may set (attempts, the HTTP handler, region, credentials, endpoint). */
export interface SesEmailClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestHandler?: NodeHttpHandler | { handle: NodeHttpHandler['handle'] };
  maxAttempts?: number;
}

/**
 * The generated SES v2 client's HTTP handler: its socket timeout (5 min, unless the SDK's switch turns it off) set
 * the way its runtime extensions set it. Its defaults mode is the SDK's default, legacy, which sets no other option.
 */
function httpHandler(): NodeHttpHandler {
  const requestHandler = new NodeHttpHandler();
  getHttpHandlerExtensionConfiguration({
    requestHandler,
    defaultSocketTimeout: getDefaultSocketTimeout(undefined, 300_000),
  });
  return requestHandler;
}

/** The runtime configuration the generated SES v2 client assembles for Node, reduced to what SendEmail needs. */
function runtimeConfig(config: SesEmailClientConfig) {
  const loaderConfig = { logger: new NoOpLogger() };
  return {
    apiVersion: '2019-09-27',
    base64Decoder: fromBase64,
    base64Encoder: toBase64,
    bodyLengthChecker: calculateBodyLength,
    credentialDefaultProvider,
    defaultUserAgentProvider: createDefaultUserAgentProvider({ serviceId: 'SESv2', clientVersion: '0.0.0' }),
    defaultSigningName: 'ses',
    disableHostPrefix: false,
    endpointProvider: sesEndpoint,
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
    protocol: new AwsRestJsonProtocol({
      defaultNamespace: NAMESPACE,
      errorTypeRegistries: [errorRegistry()],
    }),
    // The service id names the endpoint variable: AWS_ENDPOINT_URL_SESV2.
    serviceId: 'SESv2',
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

/** The generated SES v2 client's config resolution, on one object. */
function resolvedConfig(configuration: SesEmailClientConfig) {
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

/** A smithy client with the generated SES v2 client's middleware (serde, retry, signing…). */
export class SesEmailClient extends Client<
  HttpHandlerOptions,
  SendEmailInput,
  SendEmailOutput,
  ResolvedConfig
> {
  constructor(configuration: SesEmailClientConfig = {}) {
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

const command = makeBuilder<ResolvedConfig, SendEmailInput, SendEmailOutput>(
  endpointParameters,
  'SimpleEmailService_v2',
  'SesEmailClient',
  getEndpointPlugin,
);

export class SesSendEmailCommand extends command<SendEmailInput, SendEmailOutput>(
  {},
  () => [],
  'SendEmail',
  SendEmail,
) {}
