import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/protocols';
import type { HttpRequest } from '@smithy/types';

/**
 * Test support for the lean SDK clients (imported by their tests only, never by a function): an HTTP handler that records each request and
 * answers with the next of its answers (the last repeats), so a test sees exactly what would go on the wire.
 */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type HttpAnswer = { response: HttpResponse };

/** An answer with `status`, the JSON `body` and `contentType` (plus `headers`). */
export function httpAnswer(
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): HttpAnswer {
  return {
    response: new HttpResponse({
      statusCode: status,
      headers: { 'content-type': contentType, ...headers },
      body: Readable.from([Buffer.from(body)]),
    }),
  };
}

export function recordingHttpHandler(answers: readonly HttpAnswer[]) {
  const sent: SentRequest[] = [];
  const handle = async (request: HttpRequest): Promise<HttpAnswer> => {
    const port = request.port ? `:${request.port}` : '';
    sent.push({
      method: request.method,
      url: `${request.protocol}//${request.hostname}${port}${request.path}`,
      headers: request.headers,
      body: JSON.parse(
        typeof request.body === 'string'
          ? request.body
          : new TextDecoder().decode(request.body as Uint8Array),
      ),
    });
    const answer = answers[Math.min(sent.length, answers.length) - 1];
    if (!answer) throw new Error('no answer configured');
    return answer;
  };
  return { handle, sent };
}

/** Credentials the tests sign with, and the signing scope (region, service) read back from a signed request. */
export const testCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

export const signingScope = (headers: Record<string, string>) =>
  /Credential=AKIDEXAMPLE\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(headers.authorization ?? '')?.slice(1);
