import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locale } from '@wuhan/domain';
import { renderEventMail, viewFor } from './compose.js';
import { type RoutedEventType, routing } from './routing.js';
import { sampleEvents, sampleProject } from './samples.js';
import { renderDigest } from './send-digest.js';
import { escapeHtml } from './templates/render.js';

/**
 * `npm run preview:emails`: every template rendered with the sample data, in both languages, written to
 * email-preview/*.html (and the plain text next to it), with an index page linking them all.
 */
const outDir = join(process.cwd(), 'email-preview');
const apiBaseUrl = 'https://api.wuhan-disruptive-tech.example';
const recipients: Record<Locale, { name: string; locale: Locale }> = {
  'zh-CN': { name: '李敏', locale: 'zh-CN' },
  en: { name: 'Anna Berg', locale: 'en' },
};

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const written: { file: string; subject: string }[] = [];
  const write = async (name: string, mail: { subject: string; html: string; text: string }) => {
    await writeFile(join(outDir, `${name}.html`), mail.html);
    await writeFile(join(outDir, `${name}.txt`), `Subject: ${mail.subject}\n\n${mail.text}`);
    written.push({ file: `${name}.html`, subject: mail.subject });
  };

  for (const type of Object.keys(routing) as RoutedEventType[]) {
    for (const template of new Set(routing[type].map((d) => d.template))) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const project = type === 'system.test' ? undefined : sampleProject;
        const mail = renderEventMail(
          template,
          viewFor(sampleEvents[type], project, recipients[locale], apiBaseUrl),
        );
        await write(`${type}--${template}.${locale}`, mail);
      }
    }
  }
  const digestEntries = (['project.nominated', 'project.recommended', 'project.status_changed'] as const).map(
    (type) => ({
      staffId: 'stf-li',
      event: sampleEvents[type],
      project: sampleProject,
      template: routing[type][0].template,
    }),
  );
  for (const locale of ['zh-CN', 'en'] as const) {
    await write(
      `daily-digest.${locale}`,
      renderDigest(digestEntries, recipients[locale], apiBaseUrl, new Date(), 'digest-preview'),
    );
  }

  const index = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Email preview</title></head><body>
<h1>Email preview</h1><ul>
${written.map((w) => `<li><a href="${escapeHtml(w.file)}">${escapeHtml(w.subject)}</a> <small>${escapeHtml(w.file)}</small></li>`).join('\n')}
</ul></body></html>\n`;
  await writeFile(join(outDir, 'index.html'), index);
  console.log(`Wrote ${written.length} emails to ${outDir} (open index.html)`);
}

await main();
