import { topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { bundledModules } from './bundled-modules.js';

/**
 * Issue 13: the notification consumer and the digest ask SES for one thing, SendEmail, which goes through the
 * one-operation client of packages/aws/src/clients/ses-email.ts. The generated `@aws-sdk/client-sesv2` (every SES
 * operation's schema, ≈ 62 KB) kept the notification function far over 1.5× the hello-world; a module that
 * imports it again fails here, by what the bundle contains rather than by a byte budget. Every function is
 * checked, so no other function starts carrying it either.
 */
const bundled = bundledModules('ses-client-bundles');

const generatedSesClient = (paths: string[]) =>
  paths.filter((path) => path.includes('node_modules/@aws-sdk/client-sesv2/'));
const leanSesClient = (paths: string[]) =>
  paths.some((path) => path.endsWith('packages/aws/src/clients/ses-email.ts'));

/** The functions that send email. */
const senders = ['notification', 'digest'];

describe('no function bundles the generated SES v2 client', () => {
  it('knows the senders', () => {
    // The list above must name functions that exist, or the checks below would prove nothing for them.
    expect(topology.functions.map((f) => f.name)).toEqual(expect.arrayContaining(senders));
  });

  it.each(topology.functions.map((f) => [f.name, f.entry] as const))(
    '%s carries no @aws-sdk/client-sesv2 (and the one-operation client only if it sends email)',
    async (name, entry) => {
      const paths = await bundled(name, entry);
      expect(generatedSesClient(paths)).toEqual([]);
      expect(leanSesClient(paths)).toBe(senders.includes(name));
    },
  );
});
