/**
 * Issue 12, defect 8: text put in an email header (the subject, custom headers) may come from a partner (a
 * project title). A right-to-left override (U+202E) there makes a mail client show "…fdp.exe" as "…exe.pdf", and
 * headers have no markup to contain it the way an HTML body does; so every bidi control is dropped (Unicode's
 * Bidi_Control: U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069). Line breaks and other control characters become
 * spaces so a value can never start a new header, whatever the transport does.
 */
const bidiControl = /\p{Bidi_Control}/gu;
const control = /\p{Cc}/gu;

export function headerSafe(text: string): string {
  return text.replace(bidiControl, '').replace(control, ' ').replace(/ {2,}/g, ' ').trim();
}

export function headersSafe(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, headerSafe(value)]));
}
