const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/**
 * A count as people read it in a sentence, "1,000,000" (positions are identifiers and stay plain).
 * `--json` output keeps plain numbers.
 */
export function count(n: number): string {
  return grouped.format(n);
}

/** A one-line progress bar on stderr, drawn only when stderr is a terminal so scripts see clean output. */
export function progressBar(label: string): {
  update(done: number, total: number): void;
  finish(): void;
} {
  const enabled = process.stderr.isTTY === true;
  const started = Date.now();
  let lastDraw = 0;
  return {
    update(done, total) {
      if (!enabled || Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      const fraction = total > 0 ? Math.min(done / total, 1) : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const rate = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count(done)}/${count(total)} events, ${count(rate)} events/s`,
      );
    },
    finish() {
      if (enabled) process.stderr.write('\r\x1b[K');
    },
  };
}
