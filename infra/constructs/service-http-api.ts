import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** `key`: the Lambda authorizer runs before the handler; `none`: public. */
  auth: 'key' | 'none';
}

export interface ApiHandler {
  /** Names the integration's construct; one integration per function, shared by its routes. */
  name: string;
  function: IFunction;
  routes: readonly ApiRoute[];
}

export interface ServiceHttpApiProps {
  apiName: string;
  /** Steady-state requests per second and burst of the default stage; API Gateway answers 429 past them. */
  throttle: { rateLimit: number; burstLimit: number };
  /**
   * The public (`auth: 'none'`) routes' own throttle, so callers without a key get a budget of their own there
   * (issue 12, defect 6; the README's "Budgets" section says what the keyed routes rely on).
   * @default - the stage's default throttle
   */
  publicRouteThrottle?: { rateLimit: number; burstLimit: number };
  /**
   * How long the access logs are kept.
   * @default RetentionDays.THREE_MONTHS
   */
  accessLogRetention?: RetentionDays;
}

/** One JSON object per request; no headers or bodies, so no API key and no personal data beyond the caller's IP. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTimeEpoch',
    routeKey: '$context.routeKey',
    status: '$context.status',
    latency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    ip: '$context.identity.sourceIp',
    error: '$context.error.message',
    authorizerError: '$context.authorizer.error',
  }),
);

/**
 * The HTTP API (payload 2.0): a route per declared route, each to its function's integration, the Lambda
 * authorizer on every `key` route and none on the public ones, JSON access logs and default-stage throttling.
 */
export class ServiceHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  private readonly publicRouteThrottle: ServiceHttpApiProps['publicRouteThrottle'];

  constructor(scope: Construct, id: string, props: ServiceHttpApiProps) {
    super(scope, id);
    this.publicRouteThrottle = props.publicRouteThrottle;
    this.api = new HttpApi(this, 'Api', { apiName: props.apiName, createDefaultStage: false });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.THREE_MONTHS,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }

  /**
   * Adds one integration per handler and a route per declared route. The functions are created after the API
   * (they need its URL in their environment), hence a method rather than props.
   * @param authorizerFunction the REQUEST authorizer; required as soon as one route has `auth: 'key'`
   */
  addHandlers(handlers: readonly ApiHandler[], authorizerFunction?: IFunction): void {
    const authorizer = authorizerFunction
      ? new HttpLambdaAuthorizer('ApiKeyAuthorizer', authorizerFunction, {
          responseTypes: [HttpLambdaResponseType.SIMPLE],
          // No identity source and no caching: API Gateway then calls the authorizer for every request, also one
          // without an Authorization header. With an identity source it would itself answer a bare 401
          // {"message":"Unauthorized"}, and an HTTP API cannot customise the authorizer's deny response; this way
          // the authorizer passes "no valid key" on and the handler answers 401 as application/problem+json.
          identitySource: [],
          resultsCacheTtl: Duration.seconds(0),
        })
      : undefined;

    for (const handler of handlers) {
      const integration = new HttpLambdaIntegration(`${handler.name}Integration`, handler.function);
      for (const route of handler.routes) {
        if (route.auth === 'key' && !authorizer) {
          throw new Error(`Route ${route.method} ${route.path} needs the authorizer, but none was given`);
        }
        const [created] = this.api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          ...(route.auth === 'key' ? { authorizer } : {}),
        });
        if (route.auth === 'none' && created)
          this.throttlePublicRoute(`${route.method} ${route.path}`, created);
        if (route.auth === 'none' && created) {
          Validations.of(created).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by design (health and the API description carry no data of anyone); every other route has the API-key authorizer`,
          });
        }
      }
    }
  }

  /**
   * A route-level throttle for a public route (the stage's RouteSettings, keyed by route key). The stage then
   * depends on the route: CloudFormation refuses settings for a route that does not exist yet.
   */
  private throttlePublicRoute(routeKey: string, route: Construct): void {
    const limits = this.publicRouteThrottle;
    if (!limits) return;
    const stage = this.stage.node.defaultChild;
    if (!(stage instanceof CfnStage))
      throw new Error('The HTTP stage has no CfnStage to set route throttles on');
    const settings: Record<string, unknown> =
      typeof stage.routeSettings === 'object' && stage.routeSettings !== null
        ? { ...stage.routeSettings }
        : {};
    settings[routeKey] = {
      ThrottlingRateLimit: limits.rateLimit,
      ThrottlingBurstLimit: limits.burstLimit,
    };
    stage.routeSettings = settings;
    this.stage.node.addDependency(route);
  }

  /** The stage's invoke URL (the `$default` stage is served at the API's root). */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
