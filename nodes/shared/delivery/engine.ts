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

export interface DeliveryPolicy {
	concurrency: number;
	requestsPerSecond: number;
	maxAttempts: number;
	/** First backoff step; doubles per attempt up to maxDelayMs. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After honoured; a longer one is waited for this long. */
	maxRetryAfterMs: number;
	/** Give up on a job once this much time has passed since its first attempt (0: no limit). */
	maxTotalMs: number;
	classify: (response: HttpResponse) => Verdict;
	/** Why the run stops when `classify` answers abort. */
	abortMessage: (response: HttpResponse) => string;
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

export async function deliverAll<T>(
	jobs: readonly T[],
	send: (job: T) => Promise<HttpResponse>,
	policy: DeliveryPolicy,
): Promise<DeliveryOutcome[]> {
	const now = policy.now ?? Date.now;
	const random = policy.random ?? Math.random;
	// 2% under the cap: requests arrive with a few ms of jitter, and one over a per-second limit
	// costs a 429 and a pause of every request.
	const pacer = new Pacer(
		policy.requestsPerSecond > 0 ? 1000 / (policy.requestsPerSecond * PACING_SHARE) : 0,
		now,
		policy.sleep,
	);
	const outcomes: DeliveryOutcome[] = new Array(jobs.length);
	let abortReason: string | undefined;
	let nextJob = 0;
	const cancelled = () => policy.signal?.aborted === true;
	/** False when the wait ended because the execution was cancelled. */
	async function waited(wait: () => Promise<void>): Promise<boolean> {
		try {
			await wait();
		} catch (error) {
			// Only a cancelled execution should end a wait early; anything else stops the run too.
			if (!cancelled()) abortReason ??= errorText(error);
			return false;
		}
		return !cancelled();
	}

	async function deliverOne(job: T): Promise<DeliveryOutcome> {
		const outcome: DeliveryOutcome = {
			delivered: false,
			skipped: false,
			attempts: 0,
			failures: [],
			aborted: false,
		};
		const firstAttemptAt = now();
		const stopped = (): DeliveryOutcome => {
			if (cancelled()) abortReason ??= CANCELLED_MESSAGE;
			return { ...outcome, skipped: outcome.attempts === 0, aborted: true, error: abortReason };
		};
		for (;;) {
			if (abortReason !== undefined || cancelled()) return stopped();
			if (!(await waited(() => pacer.take()))) return stopped();
			if (abortReason !== undefined || cancelled()) return stopped();
			outcome.attempts++;
			let waitMs: number;
			try {
				const response = await send(job);
				outcome.statusCode = response.statusCode;
				outcome.body = response.body;
				const verdict = policy.classify(response);
				if (verdict === 'success') return { ...outcome, delivered: true };
				outcome.failures.push({
					attempt: outcome.attempts,
					statusCode: response.statusCode,
					body: response.body,
				});
				if (verdict === 'abort') {
					if (policy.renewCredentials && abortReason === undefined) {
						let renewed: boolean;
						try {
							renewed = await policy.renewCredentials(response);
						} catch (error) {
							if (cancelled()) return stopped();
							abortReason ??= errorText(error);
							return { ...outcome, aborted: true, error: abortReason };
						}
						if (renewed) continue;
					}
					abortReason ??= policy.abortMessage(response);
					return { ...outcome, aborted: true, error: abortReason };
				}
				if (verdict === 'final')
					return { ...outcome, error: `Rejected with HTTP ${response.statusCode}` };
				const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'), now());
				waitMs =
					retryAfter !== undefined
						? Math.min(retryAfter, policy.maxRetryAfterMs)
						: backoffDelay(outcome.attempts, policy, random());
				// The limit is per token: a 429 concerns every request of the run, not only this one.
				if (response.statusCode === 429) pacer.pause(retryAfter !== undefined ? waitMs : 0);
			} catch (error) {
				// n8n aborts the request in flight when the execution is cancelled: not a failure to retry.
				if (cancelled()) return stopped();
				delete outcome.statusCode;
				delete outcome.body;
				outcome.failures.push({ attempt: outcome.attempts, error: errorText(error) });
				waitMs = backoffDelay(outcome.attempts, policy, random());
			}
			const last = outcome.failures[outcome.failures.length - 1];
			const lastProblem = last.error ?? `HTTP ${last.statusCode}`;
			if (outcome.attempts >= policy.maxAttempts) {
				return {
					...outcome,
					error: `Gave up after ${outcome.attempts} attempts; last: ${lastProblem}`,
				};
			}
			if (policy.maxTotalMs > 0 && now() + waitMs - firstAttemptAt > policy.maxTotalMs) {
				return {
					...outcome,
					error: `Gave up after ${outcome.attempts} attempts (time limit ${policy.maxTotalMs} ms); last: ${lastProblem}`,
				};
			}
			if (!(await waited(() => policy.sleep(waitMs)))) return stopped();
		}
	}

	async function worker(): Promise<void> {
		while (nextJob < jobs.length) {
			const index = nextJob++;
			outcomes[index] = await deliverOne(jobs[index]);
		}
	}

	const workers = Math.max(1, Math.min(policy.concurrency, jobs.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}
