import { SingleBar } from 'cli-progress';

/** Reports `done` of `total`. */
export type Progress = (done: number, total: number) => void;

/** A progress bar on stderr when a person watches; nothing for machines. */
export function progressBar(label: string, json: boolean): { update: Progress; stop(): void } {
  if (json || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} steps | ETA {eta}s`,
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}
