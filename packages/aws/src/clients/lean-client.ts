/**
 * What the one-operation-set clients (sqs-visibility.ts: GetQueueUrl + ChangeMessageVisibility; ses-email.ts:
 * SendEmail) share: the runtime configuration, config resolution and middleware the generated `@aws-sdk/client-*`
 * clients assemble for Node, built from the SDK's own machinery (already in every bundle through the DynamoDB
 * client). A service adds its protocol (with its operations' schemas and modelled errors), its SigV4 signing name,
 * its endpoint prefix and its socket timeout. One copy serves both clients, so a function carrying both (the
 * notification consumer) carries it once (issue 13).
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
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
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
  ClientProtocol,
  EndpointParameters,
  EndpointV2,
  HandlerExecutionContext,
  HttpAuthOption,
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  MetadataBearer,
  StaticErrorSchema,
} from '@smithy/types';

/** What a service adds to the shared machinery. */
export interface LeanService {
  /** The SDK's service id: it names the endpoint variable (`AWS_ENDPOINT_URL_<SERVICEID>`). */
  serviceId: string;
  apiVersion: string;
  /** The SigV4 signing name. */
  signingName: string;
  /** The generated client's default socket timeout (ms). */
  socketTimeoutMs: number;
  endpointProvider: (params: EndpointParameters) => EndpointV2;
  /** A new protocol per client (it keeps the client's serde context), with the service's modelled errors. */
  protocol: () => ClientProtocol<HttpRequest, HttpResponse>;
}

/** Configuration callers and tests may set (attempts, the HTTP handler, region, credentials, endpoint). */
export interface LeanClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestHandler?: NodeHttpHandler | { handle: NodeHttpHandler['handle'] };
  maxAttempts?: number;
}

// The endpoint parameters the generated clients' commands resolve (`commonParams`). `Endpoint` is
// `AWS_ENDPOINT_URL_<SERVICEID>` (or an explicit `endpoint`) when set, which is how the local stack points the
// functions at its emulators.
export const endpointParameters = {
  UseFIPS: { type: 'builtInParams', name: 'useFipsEndpoint' },
  Endpoint: { type: 'builtInParams', name: 'endpoint' },
  Region: { type: 'builtInParams', name: 'region' },
  UseDualStack: { type: 'builtInParams', name: 'useDualstackEndpoint' },
} as const;

/**
 * A service's endpoint: the configured one, else `<prefix>.<region>.<partition's DNS suffix>` (amazonaws.com,
 * amazonaws.com.cn…), the standard endpoint of its rules. FIPS and dual-stack endpoints are not offered: no
 * function asks for them, and asking fails loudly instead of silently using the standard endpoint.
 */
export function regionalEndpoint(prefix: string, label: string) {
  return (params: EndpointParameters): EndpointV2 => {
    const { Endpoint, Region, UseFIPS, UseDualStack } = params;
    if (typeof Endpoint === 'string' && Endpoint !== '') return { url: new URL(Endpoint) };
    if (UseFIPS === true || UseDualStack === true) {
      throw new Error(`The lean ${label} client offers neither FIPS nor dual-stack endpoints`);
    }
    if (typeof Region !== 'string' || Region === '') throw new Error(`The ${label} endpoint needs a region`);
    return { url: new URL(`https://${prefix}.${Region}.${partition(Region).dnsSuffix}`) };
  };
}

async function authParameters(
  config: { region: () => Promise<string> },
  context: HandlerExecutionContext,
): Promise<{ region: string; operation: string }> {
  return { operation: String(getSmithyContext(context).operation), region: await config.region() };
}

/** SigV4 for the service's signing name in the client's region. */
function sigv4(signingName: string) {
  return (parameters: { region: string }): HttpAuthOption[] => [
    {
      schemeId: 'aws.auth#sigv4',
      signingProperties: { name: signingName, region: parameters.region },
      // The SigV4 signer reads the client's config and the call's context from the signing properties.
      propertiesExtractor: (config, context) => ({ signingProperties: { config, context } }),
    },
  ];
}

/**
 * The generated client's HTTP handler: its socket timeout (unless the SDK's switch turns it off) set the way its
 * runtime extensions set it. Its defaults mode is the SDK's default, legacy, which sets no other option.
 */
function httpHandler(socketTimeoutMs: number): NodeHttpHandler {
  const requestHandler = new NodeHttpHandler();
  getHttpHandlerExtensionConfiguration({
    requestHandler,
    defaultSocketTimeout: getDefaultSocketTimeout(undefined, socketTimeoutMs),
  });
  return requestHandler;
}

/** The runtime configuration a generated client assembles for Node, reduced to what our calls need. */
function runtimeConfig(service: LeanService, config: LeanClientConfig) {
  const loaderConfig = { logger: new NoOpLogger() };
  return {
    apiVersion: service.apiVersion,
    base64Decoder: fromBase64,
    base64Encoder: toBase64,
    bodyLengthChecker: calculateBodyLength,
    credentialDefaultProvider,
    defaultUserAgentProvider: createDefaultUserAgentProvider({
      serviceId: service.serviceId,
      clientVersion: '0.0.0',
    }),
    defaultSigningName: service.signingName,
    disableHostPrefix: false,
    endpointProvider: service.endpointProvider,
    extensions: [],
    httpAuthSchemeProvider: sigv4(service.signingName),
    httpAuthSchemes: [
      {
        schemeId: 'aws.auth#sigv4',
        identityProvider: (ipc: DefaultIdentityProviderConfig) => ipc.getIdentityProvider('aws.auth#sigv4'),
        signer: new AwsSdkSigV4Signer(),
      },
    ],
    logger: loaderConfig.logger,
    protocol: service.protocol(),
    serviceId: service.serviceId,
    sha256: Sha256,
    urlParser: parseUrl,
    utf8Decoder: fromUtf8,
    utf8Encoder: toUtf8,
    streamCollector,
    runtime: 'node',
    // Read as the generated clients read them (AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, the config
    // file), so that asking for either reaches regionalEndpoint and fails there instead of being ignored.
    useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    ...config,
    maxAttempts: config.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS),
    region:
      config.region ??
      loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
    requestHandler: config.requestHandler ?? httpHandler(service.socketTimeoutMs),
    retryMode: loadConfig({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: DEFAULT_RETRY_MODE }),
  };
}

/** The generated clients' config resolution, on one object (every resolver extends it, as theirs do). */
function resolvedConfig(service: LeanService, configuration: LeanClientConfig) {
  const initial = runtimeConfig(service, configuration);
  const withUserAgent = resolveUserAgentConfig(initial);
  const withRetry = resolveRetryConfig(withUserAgent);
  const withRegion = resolveRegionConfig(withRetry);
  const withHost = resolveHostHeaderConfig(withRegion);
  const withEndpoint = resolveEndpointConfig(withHost);
  const withSigning = resolveAwsSdkSigV4Config(withEndpoint);
  return Object.assign(withSigning, { authSchemePreference: normalizeProvider<string[]>([]) });
}
export type LeanResolvedConfig = ReturnType<typeof resolvedConfig>;

/** A smithy client with a generated client's middleware (serde, user agent, retry, signing…). */
export class LeanClient<Input extends object, Output extends MetadataBearer> extends Client<
  HttpHandlerOptions,
  Input,
  Output,
  LeanResolvedConfig
> {
  constructor(service: LeanService, configuration: LeanClientConfig) {
    const config = resolvedConfig(service, configuration);
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
        identityProviderConfigProvider: async (config: LeanResolvedConfig) =>
          new DefaultIdentityProviderConfig({ 'aws.auth#sigv4': config.credentials }),
      }),
    );
    this.middlewareStack.use(getHttpSigningPlugin(this.config));
  }
}

/** An error class as a generated client raises it: named by the model, a client fault. */
export type ModelledErrorClass = new (
  options: Omit<ServiceExceptionOptions, 'name' | '$fault'>,
) => ServiceException;

export function modelledError(name: string): ModelledErrorClass {
  return class extends ServiceException {
    constructor(options: Omit<ServiceExceptionOptions, 'name' | '$fault'>) {
      super({ ...options, name, $fault: 'client' });
    }
  };
}

/** One modelled error: its name, HTTP status, class, and (SQS) its query-compatible code. */
export interface ModelledError {
  name: string;
  status: number;
  error: ModelledErrorClass;
  queryCode?: string;
}

/**
 * The registry a protocol reads a failure's type from, so an error keeps the model's name (and with it the
 * SDK's retry decisions and our permanent/transient sorting) exactly as with the generated client.
 */
export function errorRegistry(namespace: string, errors: readonly ModelledError[]): TypeRegistry {
  const registry = new TypeRegistry(namespace);
  for (const { name, status, error, queryCode } of errors) {
    const traits = {
      ...(queryCode === undefined ? {} : { awsQueryError: [queryCode, status] as [string, number] }),
      error: 'client' as const,
      httpError: status,
    };
    const schema: StaticErrorSchema = [-3, namespace, name, traits, ['message'], [0]];
    registry.registerError(schema, error);
  }
  return registry;
}

/** The command builder of a lean client's operations (a generated client's `makeBuilder` call, its endpoint plugin). */
export function leanCommand<Input extends object, Output extends MetadataBearer>(
  serviceTarget: string,
  clientName: string,
) {
  return makeBuilder<LeanResolvedConfig, Input, Output>(
    endpointParameters,
    serviceTarget,
    clientName,
    getEndpointPlugin,
  );
}
