import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentMailError } from './mailer.js';
import { smtpMailer } from './smtp-mailer.js';

/** A real SMTP server on a free port: what it receives is what a mail relay would. */
const received: { to: string[]; raw: string }[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(address, _session, callback) {
    if (address.address.endsWith('@rejected.example')) {
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const mail = {
  from: 'noreply@whcenter.example',
  to: 'li.min@whcenter.example',
  subject: '【颠覆性技术】新项目推荐：量子传感<原型>',
  html: '<p>量子传感&lt;原型&gt;</p>',
  text: '量子传感<原型>',
  headers: { 'X-Event-Id': 'evt_TEST' },
};

describe('SMTP mailer', () => {
  it('delivers a Chinese email with HTML, text and the event header to a real SMTP server', async () => {
    const mailer = smtpMailer(url);
    const { messageId } = await mailer.send(mail);
    mailer.close();

    expect(messageId).toMatch(/@/);
    const got = received.find((r) => /^X-Event-Id: evt_TEST$/im.test(r.raw));
    expect(got?.to).toEqual(['li.min@whcenter.example']);
    // nodemailer encodes the UTF-8 subject as an RFC 2047 encoded word; decode it to compare.
    const encoded = /^Subject: (.+(?:\r\n\s.+)*)/m.exec(got?.raw ?? '')?.[1] ?? '';
    const decoded = encoded
      .split(/\r\n\s+/)
      .map((word) => /=\?UTF-8\?B\?(.+)\?=/i.exec(word)?.[1])
      .map((b64) => (b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0)));
    expect(Buffer.concat(decoded).toString('utf8')).toBe(mail.subject);
    const parts = Object.fromEntries(
      [
        ...(got?.raw ?? '').matchAll(
          /Content-Type: (text\/\w+); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([\w+/=\r\n]+?)\r\n-/g,
        ),
      ].map(([, type, body]) => [type, Buffer.from(body ?? '', 'base64').toString('utf8')]),
    );
    expect(parts).toEqual({ 'text/plain': mail.text, 'text/html': mail.html });
  });

  it('turns a 5xx refusal into a permanent failure', async () => {
    const mailer = smtpMailer(url);
    const error = await mailer.send({ ...mail, to: 'nobody@rejected.example' }).catch((e: unknown) => e);
    mailer.close();
    expect(error).toBeInstanceOf(PermanentMailError);
    expect((error as PermanentMailError).reason).toContain('550');
  });

  it('treats an unreachable server as transient (retried), not permanent', async () => {
    const mailer = smtpMailer('smtp://127.0.0.1:1');
    const error = await mailer.send(mail).catch((e: unknown) => e);
    mailer.close();
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentMailError);
  });
});
