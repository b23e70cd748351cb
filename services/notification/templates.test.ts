import type { Locale } from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { renderEventMail, viewFor } from './compose.js';
import { type RoutedEventType, routing } from './routing.js';
import { sampleEvents, sampleProject } from './samples.js';
import { renderDigest } from './send-digest.js';
import { escapeHtml, html } from './templates/render.js';

const apiBaseUrl = 'https://api.wuhan-disruptive-tech.example';
const locales: Locale[] = ['zh-CN', 'en'];
const recipients: Record<Locale, { name: string; locale: Locale }> = {
  'zh-CN': { name: '李敏', locale: 'zh-CN' },
  en: { name: 'Anna Berg', locale: 'en' },
};

const cases = (Object.keys(routing) as RoutedEventType[]).flatMap((type) =>
  [...new Set(routing[type].map((d) => d.template))].flatMap((template) =>
    locales.map((locale) => ({ type, template, locale })),
  ),
);

describe('every routed event type renders in both languages', () => {
  it.each(cases)('$type → $template ($locale)', ({ type, template, locale }) => {
    // Prepare
    const event = sampleEvents[type];
    // System tests and subsidy claims are about no project.
    const project = type === 'system.test' || type.startsWith('subsidy.') ? undefined : sampleProject;
    // Act
    const mail = renderEventMail(template, viewFor(event, project, recipients[locale], apiBaseUrl));
    // Assess
    expect(mail.subject.startsWith(locale === 'en' ? '[Disruptive Tech] ' : '【颠覆性技术】')).toBe(true);
    if (project) {
      expect(mail.subject).toContain(project.title);
      expect(mail.text).toContain(project.id);
      // A partner may read its nomination, not the project: its receipt links there.
      const link =
        template === 'nomination-received'
          ? `${apiBaseUrl}/v1/nominations/${project.nominationId}`
          : `${apiBaseUrl}/v1/projects/${project.id}`;
      expect(mail.html).toContain(link);
    }
    expect(mail.text).toContain(event.id);
    expect(mail.text).not.toMatch(/undefined|\[object Object\]/);
    expect(mail.html).not.toMatch(/undefined|\[object Object\]/);
    expect(mail).toMatchSnapshot();
  });

  it('names the event in the subject the way the issue asks for a new nomination', () => {
    const mail = renderEventMail(
      'project-nominated',
      viewFor(sampleEvents['project.nominated'], sampleProject, recipients['zh-CN'], apiBaseUrl),
    );
    expect(mail.subject).toBe(`【颠覆性技术】新项目推荐：${sampleProject.title}`);
    expect(mail.text).toContain('东湖高新区');
    expect(mail.text).toContain('未来显示');
  });

  it('renders the daily digest in both languages', () => {
    const entries = [sampleEvents['project.nominated'], sampleEvents['project.status_changed']].map(
      (event) => ({
        staffId: 'stf-li',
        event,
        project: sampleProject,
        template: event.type === 'project.nominated' ? 'project-nominated' : 'project-status-changed',
      }),
    );
    for (const locale of locales) {
      const mail = renderDigest(
        entries,
        recipients[locale],
        apiBaseUrl,
        new Date('2025-03-19T00:30:00Z'),
        'digest-x',
      );
      expect(mail.subject).toContain('2025-03-19');
      expect(mail).toMatchSnapshot(`digest ${locale}`);
    }
  });
});

describe('escaping', () => {
  const hostile = '<script>alert("x")</script> & <b>粗体</b>';

  it('shows a title with markup as text in HTML, and keeps it readable in plain text and the subject', () => {
    // Prepare
    const event = {
      ...sampleEvents['project.nominated'],
      data: { ...sampleEvents['project.nominated'].data, title: hostile },
    };
    // Act
    const mail = renderEventMail(
      'project-nominated',
      viewFor(event, { ...sampleProject, title: hostile }, recipients['zh-CN'], apiBaseUrl),
    );
    // Assess
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>粗体');
    expect(mail.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;粗体&lt;/b&gt;',
    );
    expect(mail.text).toContain(hostile);
    expect(mail.subject).toContain(hostile);
  });

  it('escapes a recipient name and a reason as well', () => {
    const event = sampleEvents['project.screened_out'];
    const mail = renderEventMail(
      'project-screened-out',
      viewFor(
        { ...event, data: { ...event.data, reason: '"><img src=x onerror=alert(1)>' } },
        sampleProject,
        { name: '<i>Eve</i>', locale: 'en' },
        apiBaseUrl,
      ),
    );
    expect(mail.html).not.toMatch(/<img|<i>/);
    expect(mail.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps a line break in a title out of the subject header', () => {
    const mail = renderEventMail(
      'project-assigned',
      viewFor(
        sampleEvents['project.assigned'],
        { ...sampleProject, title: '标题\r\nBcc: x@evil.example' },
        recipients.en,
        apiBaseUrl,
      ),
    );
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('escapes only interpolated values, never the template, and nests safely', () => {
    const inner = html`<em>${'<x>'}</em>`;
    expect(html`<p>${inner}${"'"}</p>`.value).toBe('<p><em>&lt;x&gt;</em>&#39;</p>');
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });
});
