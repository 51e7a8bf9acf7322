/** One frame of a progress bar: `[██████░░░░░░]  50%  500/1,000 interactions`. */
export function renderProgressBar(done: number, total: number, label: string, width = 30): string {
  const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(share * width);
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent}  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${label}`;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Replaces the bar with a line of text (the next phase). */
  say(text: string): void;
  /** Clears the line, so what follows starts on a clean one. */
  end(): void;
}

/** A progress line redrawn in place on `stream` when it is a terminal; does nothing otherwise. */
export function terminalProgress(stream: NodeJS.WriteStream, label: string): Progress {
  const draw = (text: string) => {
    if (stream.isTTY) stream.write(`\r${text}\x1b[K`);
  };
  return {
    update: (done, total) => draw(renderProgressBar(done, total, label)),
    say: draw,
    end: () => draw(''),
  };
}
