// The completions feature's state: on / off / snoozed, problems that pause requests (a rejected key
// waits for a new key, a rate limit for its time), today's cost, and one request's run from the
// connection to the outcome.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DeepSeekError } from '../../deepseek/errors';
import { streamFim } from '../../deepseek/fim';
import type { Billing } from '../core/ports';
import type { HostServices } from '../core/services';
import { readCompletionSettings, type CompletionSettings } from './common/completionSettings';
import { MAX_DEBOUNCE_MS } from './common/debounce';
import { CompletionEngine, NAIVE, SMART, type Fetch, type Outcome } from './common/engine';
import { addCompletion, costText, totalsFor, type DayTotals } from './common/todayCost';
import type { CursorText } from './common/request';
import { connect } from './connection';
import { CompletionStatusItem, type Mode, type Problem } from './statusItem';

const SNOOZE_MS = 30 * 60_000;
const SNOOZE_KEY = 'completions.snoozedUntil';
const TODAY_KEY = 'completions.today';
const RATE_LIMIT_PAUSE_MS = 30_000;

/** Bench hooks (never set for users): the naive baseline policy, and a trace file of outcomes. */
const POLICY = process.env.DEEPSEEK_COMPLETIONS_POLICY === 'naive' ? NAIVE : SMART;
const TRACE = process.env.DEEPSEEK_COMPLETIONS_TRACE;

export class CompletionsController implements vscode.Disposable {
  readonly status = new CompletionStatusItem();
  readonly engine = new CompletionEngine(
    {
      wait: (ms, signal) => waitMs(ms, signal),
      now: () => Date.now(),
    },
    POLICY,
  );
  /** No requests until then (a 429), or until the key changes (`untilNewKey`: a 401). */
  private pausedUntil = 0;
  private untilNewKey = false;
  private snoozeTimer: NodeJS.Timeout | undefined;
  /** The wait or request running per document: an edit there, or a newer request, supersedes it. */
  private readonly inflight = new Map<string, AbortController>();

  constructor(
    private readonly services: HostServices,
    private readonly billing: Billing,
  ) {
    this.refresh();
    this.status.setCost(costText(totalsFor(this.services.context.globalState.get<DayTotals>(TODAY_KEY), new Date())));
  }

  settings(): CompletionSettings {
    const config = vscode.workspace.getConfiguration('deepseek.completions');
    return readCompletionSettings((key) => config.get(key));
  }

  mode(): Mode {
    if (!this.settings().enabled) return { kind: 'off' };
    const until = this.services.context.globalState.get<number>(SNOOZE_KEY) ?? 0;
    return until > Date.now() ? { kind: 'snoozed', until } : { kind: 'on' };
  }

  /** The settings when completions may run now (on, not snoozed, not paused by a problem). */
  active(): CompletionSettings | undefined {
    const settings = this.settings();
    if (!settings.enabled || this.mode().kind !== 'on' || this.untilNewKey || Date.now() < this.pausedUntil) return undefined;
    return settings;
  }

  /** Settings, key or snooze changed: show the mode again, and let a new key end a 401 pause. */
  refresh(keyChanged = false): void {
    if (keyChanged && this.untilNewKey) {
      this.untilNewKey = false;
      this.status.setProblem(undefined);
    }
    const mode = this.mode();
    this.status.setMode(mode);
    clearTimeout(this.snoozeTimer);
    if (mode.kind === 'snoozed') this.snoozeTimer = setTimeout(() => this.refresh(), Math.min(mode.until - Date.now() + 50, 60_000));
  }

  async snooze(): Promise<void> {
    const snoozed = this.mode().kind === 'snoozed';
    await this.services.context.globalState.update(SNOOZE_KEY, snoozed ? 0 : Date.now() + SNOOZE_MS);
    this.pausedUntil = 0;
    this.refresh();
  }

  async toggle(): Promise<void> {
    const config = vscode.workspace.getConfiguration('deepseek.completions');
    await config.update('enabled', !this.settings().enabled, vscode.ConfigurationTarget.Global);
    await this.services.context.globalState.update(SNOOZE_KEY, 0);
    this.untilNewKey = false;
    this.pausedUntil = 0;
    this.refresh();
  }

  /** One completion: the connection, the engine (its request with the spinner), then cost or problem. */
  async run(cursor: CursorText, token: AbortSignal, settings: CompletionSettings): Promise<Outcome | undefined> {
    const calledAt = Date.now();
    const signal = this.supersede(cursor.doc, token);
    // The preflight runs during the debounce wait (and a cache hit never waits for it).
    const connecting = connect(this.services, () => settings.model);
    // A cache hit or a cancelled wait never reads it: its failure must not be an unhandled rejection.
    connecting.catch(() => undefined);
    let model = '';
    const fetch: Fetch = (req, sig) =>
      this.tracked(
        connecting.then((conn) => {
          if (!conn.ok) throw new ConnectionProblem(conn.problem);
          model = conn.model;
          return streamFim(conn.config, { ...req, model: conn.model }, { signal: sig });
        }),
      );
    let outcome: Outcome;
    try {
      outcome = await this.engine.complete(cursor, signal.signal, { minMs: settings.debounceMs, maxMs: MAX_DEBOUNCE_MS }, fetch);
    } catch (e) {
      if (!(e instanceof ConnectionProblem)) throw e;
      this.problem(e.problem);
      return undefined;
    } finally {
      if (this.inflight.get(cursor.doc) === signal) this.inflight.delete(cursor.doc);
    }
    if (outcome.kind === 'completed') this.completed(outcome.usage, model);
    if (outcome.kind === 'failed') this.failed(outcome.error);
    trace(outcome, calledAt);
    return outcome;
  }

  /**
   * The signal of a new request for `doc`: aborted by VS Code's token, by an edit of the document or
   * by the next request there (VS Code does not always cancel a request the user typed past).
   */
  private supersede(doc: string, token: AbortSignal): AbortController {
    const ctl = new AbortController();
    token.addEventListener('abort', () => ctl.abort(), { once: true });
    if (token.aborted) ctl.abort();
    if (POLICY.cancel) {
      this.inflight.get(doc)?.abort();
      this.inflight.set(doc, ctl);
    }
    return ctl;
  }

  /** The document changed: what was asked for its old text is stale. */
  edited(doc: string): void {
    this.engine.edited();
    this.inflight.get(doc)?.abort();
  }

  private async *tracked<T>(events: Promise<AsyncIterable<T>>): AsyncGenerator<T> {
    const stream = await events;
    this.status.busy(1);
    try {
      yield* stream;
    } finally {
      this.status.busy(-1);
    }
  }

  private completed(usage: Parameters<Billing['costOf']>[0], model: string): void {
    const now = new Date();
    const today = addCompletion(this.services.context.globalState.get<DayTotals>(TODAY_KEY), usage, this.billing.costOf(usage, model, now), now);
    void this.services.context.globalState.update(TODAY_KEY, today);
    this.status.setCost(costText(today.totals));
    if (this.status.currentProblem) this.status.setProblem(undefined);
  }

  private failed(error: DeepSeekError): void {
    this.services.log.warn(`Completion failed: ${error.message}`);
    if (error.kind === 'auth') this.problem({ reason: 'auth', message: error.message });
    else if (error.kind === 'balance') this.problem({ reason: 'balance', message: error.message });
    else if (error.kind === 'rate_limit') this.problem({ reason: 'rate_limit', message: error.message }, error.retryAfterMs ?? RATE_LIMIT_PAUSE_MS);
    // Timeouts and network trouble are shown, and the next pause tries again.
    else this.problem({ reason: 'other', message: error.message });
  }

  /** Shows a problem on the item (never a pop-up) and pauses requests where retrying cannot help. */
  private problem(problem: Problem, pauseMs = 0): void {
    if (problem.reason === 'auth' || problem.reason === 'balance') this.untilNewKey = true;
    if (pauseMs > 0) this.pausedUntil = Date.now() + pauseMs;
    this.status.setProblem(problem);
  }

  /** A 402 pause ends when the user looked at the balance (or turned completions off and on). */
  resumeAfterBalance(): void {
    if (this.status.currentProblem?.reason !== 'balance') return;
    this.untilNewKey = false;
    this.status.setProblem(undefined);
  }

  dispose(): void {
    clearTimeout(this.snoozeTimer);
    this.status.dispose();
  }
}

/** The settings or the key are not usable: shown on the status bar item, not a request failure. */
class ConnectionProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

function waitMs(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One line per outcome: when the provider was called and returned, and the engine's timing. */
function trace(outcome: Outcome, calledAt: number): void {
  if (!TRACE) return;
  const line = { calledAt, at: Date.now(), kind: outcome.kind, ...(outcome.kind === 'completed' ? { timing: outcome.timing, chars: outcome.text.length } : {}), ...(outcome.kind === 'cancelled' ? { stage: outcome.stage } : {}) };
  fs.appendFile(TRACE, JSON.stringify(line) + '\n', () => undefined);
}
