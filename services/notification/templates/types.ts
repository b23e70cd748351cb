import type { DomainEvent, Locale } from '@wuhan/domain';

/** What an email may say about the project an event concerns: from the event's data first, the table second. */
export interface ProjectFacts {
  id: string;
  title?: string;
  district?: string;
  techField?: string;
  stage?: string;
  leadOrganization?: string;
  nominationId?: string;
  partnerId?: string;
  commissionerId?: string;
}

/** Everything a template may read. Templates are pure functions of this value. */
export interface MailView {
  locale: Locale;
  recipient: { name: string };
  event: DomainEvent;
  project: ProjectFacts | undefined;
  links: { project?: string; nomination?: string; api: string };
}

/** One row of the facts table: a label and a value; rows without a value are left out. */
export type Fact = readonly [label: string, value: string | number | undefined];

/**
 * What an email says, independent of how it looks: the layout turns it into HTML and plain text, escaping every
 * value. Templates therefore never write markup and cannot forget to escape.
 */
export interface MailContent {
  subject: string;
  heading: string;
  intro: string;
  facts: readonly Fact[];
  /** What the recipient should do next, in one or two sentences. */
  nextStep: string;
  /** A list of items (the digest's events), each optionally linked. */
  list?: readonly { text: string; url?: string }[];
  link?: { label: string; url: string };
}

export type LocalizedTemplate = (view: MailView) => MailContent;

/** One file per template under templates/: the zh-CN and en versions side by side. */
export type MailTemplate = Readonly<Record<Locale, LocalizedTemplate>>;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** Reads a string field of event data, or undefined (templates show nothing rather than "undefined"). */
export function field(data: Record<string, unknown>, name: string): string | undefined {
  const value = data[name];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
