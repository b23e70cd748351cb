/** One progress line on stderr, rewritten in place (plain lines when stderr is not a terminal). */
export class Progress {
  private last = 0;
  private readonly tty = process.stderr.isTTY === true;

  update(line: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < (this.tty ? 100 : 2000)) return;
    this.last = now;
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  done(line: string): void {
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}\n`);
    else process.stderr.write(`${line}\n`);
    this.last = 0;
  }
}
