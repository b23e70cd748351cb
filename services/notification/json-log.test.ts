import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonLog, type Log } from './json-log.js';

/**
 * The digest logs with json-log.ts instead of the Powertools Logger (issue 13: ≈ 21 KB of its bundle). These
 * tests hold it to Powertools' own lines: the same calls, under the same environment, print the same text to the
 * same stream.
 */

type Line = { stream: 'stdout' | 'stderr'; text: string };

/** What the Powertools Logger prints for `calls`, built under the environment as it stands. */
function powertoolsLines(calls: (log: Log) => void): Line[] {
  const lines: Line[] = [];
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push({ stream, text: String(chunk) });
      return true;
    });
  const out = capture('stdout');
  const err = capture('stderr');
  try {
    calls(new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'wuhan-disruptive-tech' }));
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines;
}

function ourLines(calls: (log: Log) => void): Line[] {
  const lines: Line[] = [];
  calls(jsonLog({ write: (stream, text) => lines.push({ stream, text }) }));
  return lines;
}

const digestCalls = (log: Log) => {
  log.info('Daily digest run', { sent: 2, staffWithEntries: 3 });
  log.warn('Staff member with digest entries has no email address; entries kept', { recipientId: 'stf_1' });
  log.error('Digest permanently refused; entries dropped', {
    recipientId: 'stf_2',
    reason: 'MessageRejected',
  });
  log.warn('A mail claim was retaken before it was settled', { eventId: 'evt_1' });
  log.debug('Below the default level', { detail: 1 });
};

describe('the digest logger prints what the Powertools Logger prints', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T00:30:00.123Z'));
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'digest');
    for (const name of ['AWS_LAMBDA_LOG_LEVEL', 'POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL', '_X_AMZN_TRACE_ID'])
      vi.stubEnv(name, undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("prints the digest's lines as Powertools does, INFO to stdout and WARN and ERROR to stderr", () => {
    const expected = powertoolsLines(digestCalls);
    expect(expected.map((l) => l.stream)).toEqual(['stdout', 'stderr', 'stderr', 'stderr']);
    expect(ourLines(digestCalls)).toEqual(expected);
    expect(JSON.parse(expected[0]?.text ?? '')).toEqual({
      level: 'INFO',
      message: 'Daily digest run',
      timestamp: '2026-11-30T00:30:00.123Z',
      service: 'digest',
      sampling_rate: 0,
      sent: 2,
      staffWithEntries: 3,
    });
  });

  it('carries the X-Ray trace id and leaves out empty attributes, as Powertools does', () => {
    vi.stubEnv(
      '_X_AMZN_TRACE_ID',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    );
    const calls = (log: Log) =>
      log.info('Attributes', { empty: '', none: null, missing: undefined, nested: { a: [1, 'b'] }, zero: 0 });
    const expected = powertoolsLines(calls);
    expect(ourLines(calls)).toEqual(expected);
    expect(JSON.parse(expected[0]?.text ?? '')).toMatchObject({
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      nested: { a: [1, 'b'] },
      zero: 0,
    });
  });

  it('formats an error attribute as Powertools does', () => {
    const error = new Error('boom', { cause: new TypeError('underneath') });
    const calls = (log: Log) => log.error('Failed', { error });
    expect(ourLines(calls)).toEqual(powertoolsLines(calls));
  });

  it.each([
    ['POWERTOOLS_LOG_LEVEL', 'WARN'],
    ['POWERTOOLS_LOG_LEVEL', 'DEBUG'],
    ['LOG_LEVEL', 'ERROR'],
    ['POWERTOOLS_LOG_LEVEL', 'SILENT'],
    ['AWS_LAMBDA_LOG_LEVEL', 'ERROR'],
  ])('honours %s=%s as Powertools does', (name, level) => {
    vi.stubEnv(name, level);
    const expected = powertoolsLines(digestCalls);
    expect(ourLines(digestCalls)).toEqual(expected);
  });

  it("lets Lambda's log level win over POWERTOOLS_LOG_LEVEL, as Powertools does", () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'WARN');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
    const lines = ourLines(digestCalls);
    expect(lines.map((l) => JSON.parse(l.text).level)).toEqual(['WARN', 'ERROR', 'WARN']);
    expect(lines).toEqual(powertoolsLines(digestCalls));
  });

  it("never lets an attribute replace the line's own keys", () => {
    const [line] = ourLines((log) =>
      log.info('Mine', { level: 'DEBUG', message: 'theirs', service: 'x', id: 1 }),
    );
    expect(JSON.parse(line?.text ?? '')).toMatchObject({
      level: 'INFO',
      message: 'Mine',
      service: 'digest',
      id: 1,
    });
  });
});
