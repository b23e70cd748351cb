/** Dummy credentials: the emulators check that requests are signed, not by whom. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface HandlerEnvironmentInput {
  region: string;
  tableName: string;
  queueUrls: Record<string, string>;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  sesEndpoint: string;
  apiUrl: string;
  /** Each function's own `environment` from the topology. */
  functionEnvironments?: readonly (Readonly<Record<string, string>> | undefined)[];
}

/**
 * Every function runs in this one process, so their own variables share one environment: the union, refusing
 * two functions that give one variable different values (locally they could not both be right).
 */
export function mergeFunctionEnvironments(
  environments: readonly (Readonly<Record<string, string>> | undefined)[],
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const environment of environments) {
    for (const [name, value] of Object.entries(environment ?? {})) {
      if (merged[name] !== undefined && merged[name] !== value) {
        throw new Error(
          `Two functions set ${name} differently (${merged[name]}, ${value}); the local stack shares one`,
        );
      }
      merged[name] = value;
    }
  }
  return merged;
}

/**
 * The environment a deployed function would get from the CDK stack, pointed at the emulators through the SDK's
 * standard `AWS_ENDPOINT_URL_<SERVICE>` variables. It must be in `process.env` before any handler module (and
 * with it the shared SDK clients) is imported.
 */
export function handlerEnvironment(input: HandlerEnvironmentInput): Record<string, string> {
  return {
    ...mergeFunctionEnvironments(input.functionEnvironments ?? []),
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
    AWS_ENDPOINT_URL_SESV2: input.sesEndpoint,
    AWS_ENDPOINT_URL_SES: input.sesEndpoint,
    TABLE_NAME: input.tableName,
    QUEUE_URLS: JSON.stringify(input.queueUrls),
    MAIL_FROM: process.env.MAIL_FROM ?? 'noreply@wuhan-disruptive-tech.local',
    OPS_EMAIL: process.env.OPS_EMAIL ?? 'ops@wuhan-disruptive-tech.local',
    MAIL_TRANSPORT: process.env.MAIL_TRANSPORT ?? 'ses',
    API_BASE_URL: input.apiUrl,
    POWERTOOLS_SERVICE_NAME: 'wuhan-disruptive-tech',
    POWERTOOLS_DEV: 'false',
  };
}
