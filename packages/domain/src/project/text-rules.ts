/**
 * Text a partner's system sends is stored and later shown in email and reports, so C0/C1 control characters
 * (NUL, escape sequences, backspace…) are refused. Multi-line fields (a summary) keep line feed and tab; every
 * other field is one line. Carriage return is refused too: clients send "\n" line ends.
 */
const controlExceptNewlineAndTab = /[\p{Cc}--[\n\t]]/v;
const anyControl = /\p{Cc}/u;

export function hasForbiddenControlCharacters(text: string, multiLine: boolean): boolean {
  return (multiLine ? controlExceptNewlineAndTab : anyControl).test(text);
}

/** A title of only white space says nothing; the project key would be empty. */
export function isBlank(text: string): boolean {
  return text.normalize('NFKC').trim().length === 0;
}
