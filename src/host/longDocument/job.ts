// One long document being written (and resumable): its target, its question, the fence stripper
// that outlives a run (a Resume goes on inside the same fence) and how a run is stopped.

import type { ChatMessage } from '../../deepseek/types';
import { FenceStripper, languageFromFence } from './common/fence';
import type { Target } from './targets';

/**
 * How one document's writing stops: the abort of the current run, and whether the document went
 * away. Made before the target, which needs `lost` (the target is made before the job).
 */
export class Stopper {
  /** The document was closed or its file could not be written during the current run. */
  gone = false;
  private abort: AbortController | undefined;

  /** A new signal for a run: a Resume starts with the document there again. */
  begin(): AbortSignal {
    this.abort = new AbortController();
    this.gone = false;
    return this.abort.signal;
  }

  stop(): void {
    this.abort?.abort();
  }

  /** The document was closed or its file could not be written: stop, and say so at the end. */
  readonly lost = (): void => {
    this.gone = true;
    this.stop();
  };
}

export class Job {
  readonly stripper = new FenceStripper();
  /** The fence's language was seen: the document gets it once. */
  private languageSeen = false;

  constructor(
    /** Replaced on Resume by `reopen` (a file's handle is closed at the end of each run). */
    public target: Target,
    readonly messages: ChatMessage[],
    readonly stopper: Stopper,
    /** Write to File: the file opened again for appending, for a Resume. */
    readonly reopen?: () => Promise<Target>,
  ) {}

  /** Text from the model: a wrapping fence is stripped, and the language it names goes to the document. */
  receive(text: string): void | Promise<void> {
    const out = this.stripper.push(text);
    if (!this.languageSeen && this.stripper.language !== undefined) {
      this.languageSeen = true;
      const id = languageFromFence(this.stripper.language);
      if (id) this.target.setLanguage?.(id);
    }
    return out ? this.target.append(out) : undefined;
  }

  /** The document as the model wrote it (the prefix of a continuation): the stripped fence line and held text too. */
  async textSoFar(): Promise<string> {
    return this.stripper.openingLine + (await this.target.textSoFar()) + this.stripper.held;
  }

  /** A run ended: a finished document drops its closing fence, otherwise everything received is written. */
  async endRun(finished: boolean): Promise<void> {
    void this.target.append(finished ? this.stripper.end() : this.stripper.takeHeld());
    await this.target.finish();
    this.target.endLanguage?.();
  }
}
