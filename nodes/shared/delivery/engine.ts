/**
 * Delivery of many requests to one rate-limited endpoint: bounded concurrency, a requests-per-second
 * cap shared by every request of the run (retries included), retries with exponential backoff and
 * jitter, Retry-After honoured, and a stop for the whole run when the credentials are rejected.
 *
 * Used by the Truecaller campaign senders and the True Pulse relay; what counts as success is theirs
 * to say (the `classify` policy). No timers of its own: waiting goes through the injected `sleep`
 * (n8n-workflow's in the nodes). A cancelled execution (`signal`) ends the run at once: no new
 * attempt, no further waiting.
 */

export interface HttpResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** success: done, never sent again. retry: try again later. final: give up on this one. abort: stop the run. */
export type Verdict = 'success' | 'retry' | 'final' | 'abort';

/** The numbers of a delivery run: each service's transport gives defaults, the node's Options override. */
export interface DeliveryLimits {
	concurrency: number;
	requestsPerSecond: number;
	maxAttempts: number;
	/** First backoff step; doubles per attempt up to maxDelayMs. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After honoured; a longer one is waited for this long. */
	maxRetryAfterMs: number;
}

/** What a service says about its answers. */
export interface DeliveryRules {
	classify: (response: HttpResponse) => Verdict;
	/** Why the run stops when `classify` answers abort. */
	abortMessage: (response: HttpResponse) => string;
}

export interface DeliveryPolicy extends DeliveryLimits, DeliveryRules {
	/** Give up on a job once this much time has passed since its first attempt (0: no limit). */
	maxTotalMs: number;
	/** May reject once `signal` is aborted (n8n's sleepWithAbort does); the run then ends. */
	sleep: (ms: number) => Promise<void>;
	/** The execution's cancel signal: once aborted, nothing more is sent or waited for. */
	signal?: AbortSignal;
	/**
	 * Asked when `classify` answers abort: whether the credentials could be renewed (a fresh access
	 * token). If so the job is tried again at once, through the pacer; if not, the run stops.
	 */
	renewCredentials?: (response: HttpResponse) => Promise<boolean>;
	now?: () => number;
	random?: () => number;
}

export interface AttemptRecord {
	attempt: number;
	statusCode?: number;
	body?: unknown;
	error?: string;
}

export interface DeliveryOutcome {
	delivered: boolean;
	/** Set when the job was never sent because the run stopped before it. */
	skipped: boolean;
	statusCode?: number;
	body?: unknown;
	attempts: number;
	/** Every attempt that did not succeed, in order (the True Pulse spec asks to keep them). */
	failures: AttemptRecord[];
	error?: string;
	aborted: boolean;
}

/** Why jobs end unsent when the execution is cancelled. */
export const CANCELLED_MESSAGE = 'Not sent: the execution was cancelled';

/** Share of the requests-per-second cap actually used (see deliverAll). */
export const PACING_SHARE = 0.98;

export function parseRetryAfter(value: unknown, now: number): number | undefined {
	const header = Array.isArray(value) ? value[0] : value;
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	const text = String(header).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffDelay(
	failedAttempts: number,
	policy: Pick<DeliveryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
	random: number,
): number {
	const ceiling = Math.min(
		policy.maxDelayMs,
		policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1),
	);
	// "Equal jitter": never less than half the step, so retries stay spread out but do not hammer.
	return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

function headerValue(headers: Record<string, unknown>, name: string): unknown {
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers ?? {}))
		if (key.toLowerCase() === wanted) return headers[key];
	return undefined;
}

function errorText(error: unknown): string {
	if (error instanceof Error) {
		const code = (error as { code?: string }).code;
		return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
	}
	return String(error);
}

/**
 * Spaces request starts evenly at the cap, and lets a 429 pause every worker at once. Slots follow
 * a fixed grid, so a timer that fires late does not slow the run down; after idle time at most one
 * slot is made up (never a burst).
 */
class Pacer {
	private nextStart = 0;
	private pausedUntil = 0;
	private intervalMs: number;

	constructor(
		private readonly baseIntervalMs: number,
		private readonly now: () => number,
		private readonly sleep: (ms: number) => Promise<void>,
	) {
		this.intervalMs = baseIntervalMs;
	}

	async take(): Promise<void> {
		for (;;) {
			const now = this.now();
			const slot = Math.max(this.nextStart, this.pausedUntil);
			if (slot <= now) {
				this.nextStart = Math.max(slot, now - this.intervalMs) + this.intervalMs;
				return;
			}
			await this.sleep(slot - now);
		}
	}

	/**
	 * After a 429: every request waits, and the run continues 2% slower (down to half the cap), so
	 * that a limit counted differently from ours is not hit again and again.
	 */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
		this.intervalMs = Math.min(this.intervalMs * 1.02, this.baseIntervalMs * 2);
	}
}

/** What one attempt leads to: the job's final outcome, another try at once, or a wait first. */
type Step = { done: DeliveryOutcome } | { again: true } | { waitMs: number };

/**
 * One run over many jobs. The first reason to stop (rejected credentials, a cancelled execution, a
 * failed wait) is kept in `abortReason`; every job not finished by then ends with it.
 */
class DeliveryRun<T> {
	private abortReason: string | undefined;
	private readonly pacer: Pacer;
	private readonly now: () => number;
	private readonly random: () => number;

	constructor(
		private readonly send: (job: T) => Promise<HttpResponse>,
		private readonly policy: DeliveryPolicy,
	) {
		this.now = policy.now ?? Date.now;
		this.random = policy.random ?? Math.random;
		// 2% under the cap: requests arrive with a few ms of jitter, and one over a per-second limit
		// costs a 429 and a pause of every request.
		const rate = policy.requestsPerSecond * PACING_SHARE;
		this.pacer = new Pacer(rate > 0 ? 1000 / rate : 0, this.now, policy.sleep);
	}

	async deliver(job: T): Promise<DeliveryOutcome> {
		const outcome: DeliveryOutcome = {
			delivered: false,
			skipped: false,
			attempts: 0,
			failures: [],
			aborted: false,
		};
		const firstAttemptAt = this.now();
		for (;;) {
			if (this.halted() || !(await this.waited(() => this.pacer.take())) || this.halted())
				return this.stopped(outcome);
			outcome.attempts++;
			const step = await this.attempt(job, outcome);
			if ('done' in step) return step.done;
			if ('again' in step) continue;
			const gaveUp = this.gaveUp(outcome, firstAttemptAt, step.waitMs);
			if (gaveUp) return gaveUp;
			if (!(await this.waited(() => this.policy.sleep(step.waitMs)))) return this.stopped(outcome);
		}
	}

	private cancelled(): boolean {
		return this.policy.signal?.aborted === true;
	}

	private halted(): boolean {
		return this.abortReason !== undefined || this.cancelled();
	}

	/** False when the wait ended because the execution was cancelled. */
	private async waited(wait: () => Promise<void>): Promise<boolean> {
		try {
			await wait();
		} catch (error) {
			// Only a cancelled execution should end a wait early; anything else stops the run too.
			if (!this.cancelled()) this.abortReason ??= errorText(error);
			return false;
		}
		return !this.cancelled();
	}

	/** The job as far as it got when the run stopped: unsent jobs are marked skipped. */
	private stopped(outcome: DeliveryOutcome): DeliveryOutcome {
		if (this.cancelled()) this.abortReason ??= CANCELLED_MESSAGE;
		return { ...outcome, skipped: outcome.attempts === 0, aborted: true, error: this.abortReason };
	}

	private async attempt(job: T, outcome: DeliveryOutcome): Promise<Step> {
		let response: HttpResponse;
		try {
			response = await this.send(job);
		} catch (error) {
			// n8n aborts the request in flight when the execution is cancelled: not a failure to retry.
			if (this.cancelled()) return { done: this.stopped(outcome) };
			delete outcome.statusCode;
			delete outcome.body;
			outcome.failures.push({ attempt: outcome.attempts, error: errorText(error) });
			return { waitMs: backoffDelay(outcome.attempts, this.policy, this.random()) };
		}
		outcome.statusCode = response.statusCode;
		outcome.body = response.body;
		const verdict = this.policy.classify(response);
		if (verdict === 'success') return { done: { ...outcome, delivered: true } };
		outcome.failures.push({
			attempt: outcome.attempts,
			statusCode: response.statusCode,
			body: response.body,
		});
		if (verdict === 'abort') return await this.rejected(response, outcome);
		if (verdict === 'final')
			return { done: { ...outcome, error: `Rejected with HTTP ${response.statusCode}` } };
		return { waitMs: this.retryWait(response, outcome.attempts) };
	}

	/** Credentials refused: renewed once when the service allows it, otherwise the run stops. */
	private async rejected(response: HttpResponse, outcome: DeliveryOutcome): Promise<Step> {
		if (this.policy.renewCredentials && this.abortReason === undefined) {
			try {
				if (await this.policy.renewCredentials(response)) return { again: true };
			} catch (error) {
				if (this.cancelled()) return { done: this.stopped(outcome) };
				this.abortReason ??= errorText(error);
				return { done: { ...outcome, aborted: true, error: this.abortReason } };
			}
		}
		this.abortReason ??= this.policy.abortMessage(response);
		return { done: { ...outcome, aborted: true, error: this.abortReason } };
	}

	private retryWait(response: HttpResponse, attempts: number): number {
		const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'), this.now());
		const waitMs =
			retryAfter !== undefined
				? Math.min(retryAfter, this.policy.maxRetryAfterMs)
				: backoffDelay(attempts, this.policy, this.random());
		// The limit is per token: a 429 concerns every request of the run, not only this one.
		if (response.statusCode === 429) this.pacer.pause(retryAfter !== undefined ? waitMs : 0);
		return waitMs;
	}

	/** The outcome when the job has used its attempts or its time, otherwise undefined. */
	private gaveUp(
		outcome: DeliveryOutcome,
		firstAttemptAt: number,
		waitMs: number,
	): DeliveryOutcome | undefined {
		const last = outcome.failures[outcome.failures.length - 1];
		const lastProblem = last.error ?? `HTTP ${last.statusCode}`;
		const { maxAttempts, maxTotalMs } = this.policy;
		if (outcome.attempts >= maxAttempts)
			return {
				...outcome,
				error: `Gave up after ${outcome.attempts} attempts; last: ${lastProblem}`,
			};
		if (maxTotalMs > 0 && this.now() + waitMs - firstAttemptAt > maxTotalMs)
			return {
				...outcome,
				error: `Gave up after ${outcome.attempts} attempts (time limit ${maxTotalMs} ms); last: ${lastProblem}`,
			};
		return undefined;
	}
}

/** Delivers every job through `send` under `policy`; the outcomes in the order of the jobs. */
export async function deliverAll<T>(
	jobs: readonly T[],
	send: (job: T) => Promise<HttpResponse>,
	policy: DeliveryPolicy,
): Promise<DeliveryOutcome[]> {
	const run = new DeliveryRun(send, policy);
	const outcomes: DeliveryOutcome[] = new Array(jobs.length);
	let nextJob = 0;
	async function worker(): Promise<void> {
		while (nextJob < jobs.length) {
			const index = nextJob++;
			outcomes[index] = await run.deliver(jobs[index]);
		}
	}
	const workers = Math.max(1, Math.min(policy.concurrency, jobs.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}
