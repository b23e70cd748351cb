/**
 * An SES v2 client that knows one operation, SendEmail: it is all the notification consumer and the digest ask of
 * SES. The generated `@aws-sdk/client-sesv2` carries every SES operation's schema (≈ 50 KB of its ≈ 62 KB per
 * bundle), which alone kept the notification function far over 1.5× the hello-world (issue 13). The client is the
 * SDK's own machinery (lean-client.ts, shared with the backoff's SQS client) with the REST-JSON protocol SES v2
 * speaks, so it behaves as the generated one (retries, signing, socket timeout,
 * `AWS_ENDPOINT_URL_SESV2` for the local emulator, errors named by the model) and adds only SendEmail's schema for
 * the shapes we send and its eight modelled errors. There is no shared instance: services/notification/transport.ts
 * builds the one client each sending function needs at cold start, with that function's retry setting.
 */
import { AwsRestJsonProtocol } from '@aws-sdk/core/protocols';
import type {
  MetadataBearer,
  StaticListSchema,
  StaticOperationSchema,
  StaticStructureSchema,
} from '@smithy/types';
import {
  errorRegistry,
  LeanClient,
  type LeanClientConfig,
  type LeanService,
  leanCommand,
  type ModelledErrorClass,
  modelledError,
  regionalEndpoint,
} from './lean-client.js';

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
export type SesErrorClass = ModelledErrorClass;

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

const MODELLED_ERRORS = [
  { name: 'AccountSuspendedException', status: 400, error: AccountSuspendedException },
  { name: 'BadRequestException', status: 400, error: BadRequestException },
  { name: 'LimitExceededException', status: 400, error: LimitExceededException },
  { name: 'MailFromDomainNotVerifiedException', status: 400, error: MailFromDomainNotVerifiedException },
  { name: 'MessageRejected', status: 400, error: MessageRejected },
  { name: 'NotFoundException', status: 404, error: NotFoundException },
  { name: 'SendingPausedException', status: 400, error: SendingPausedException },
  { name: 'TooManyRequestsException', status: 429, error: TooManyRequestsException },
];

/**
 * The SES v2 endpoint: the configured one (`AWS_ENDPOINT_URL_SESV2`, which is how the local stack points the
 * functions at its SES emulator), else `email.<region>.<partition's DNS suffix>`, the standard endpoint of SES v2's
 * rules. FIPS, dual-stack and the multi-region endpoints (SendEmail's `EndpointId`, never set by us) are not offered.
 */
export const sesEndpoint = regionalEndpoint('email', 'SES');

const ses: LeanService = {
  // The service id names the endpoint variable: AWS_ENDPOINT_URL_SESV2.
  serviceId: 'SESv2',
  apiVersion: '2019-09-27',
  // SigV4 for `ses` (the generated client also offers SigV4a, used only by multi-region endpoints).
  signingName: 'ses',
  // The generated SES v2 client's default socket timeout: 5 min.
  socketTimeoutMs: 300_000,
  endpointProvider: sesEndpoint,
  protocol: () =>
    new AwsRestJsonProtocol({
      defaultNamespace: NAMESPACE,
      errorTypeRegistries: [errorRegistry(NAMESPACE, MODELLED_ERRORS)],
    }),
};

export type SesEmailClientConfig = LeanClientConfig;

/** A smithy client with the generated SES v2 client's middleware (serde, retry, signing…). */
export class SesEmailClient extends LeanClient<SendEmailInput, SendEmailOutput> {
  constructor(configuration: SesEmailClientConfig = {}) {
    super(ses, configuration);
  }
}

const command = leanCommand<SendEmailInput, SendEmailOutput>('SimpleEmailService_v2', 'SesEmailClient');

export class SesSendEmailCommand extends command<SendEmailInput, SendEmailOutput>(
  {},
  () => [],
  'SendEmail',
  SendEmail,
) {}
