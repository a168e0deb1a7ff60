/**
 * Remembers which event ids were already taken, so that a retried delivery starts nothing twice.
 *
 * Two layers, because n8n gives a webhook node exactly two places to keep state:
 * - process memory (one store per workflow and node), which makes the check-and-claim atomic: two
 *   copies of one event arriving at the same moment are told apart synchronously, before any await;
 * - workflow static data, which n8n reads from its database for every webhook request and saves
 *   when the webhook answers. Every request first merges what the database holds into memory (so a
 *   process learns the ids other processes saved, and ids erased by another node's save of the same
 *   column come back), and every save writes the whole remembered set.
 *
 * Ids are kept as the first 16 hex digits of their SHA-256 (64 bits: no practical collisions at
 * these volumes, and a hostile 1 MB id costs 16 characters), grouped by the hour they were taken.
 * Hours older than the retention window are dropped; past maxEntries the oldest hours go first.
 */
import { createHash } from 'crypto';

export interface DedupSettings {
	retentionHours: number;
	maxEntries: number;
}

/** What is kept in workflow static data: hour (epoch seconds) -> concatenated 16-character keys. */
export interface SerializedDedup {
	v: 1;
	hours: Record<string, string>;
}

export type ClaimResult = 'new' | 'duplicate' | 'pending';

/** 96 hours cover Truecaller's retries (the last comes about 78 hours after the first try). */
export const DEDUP_DEFAULTS: DedupSettings = { retentionHours: 96, maxEntries: 100000 };

const KEY_LENGTH = 16;
const HOUR_MS = 3600 * 1000;

export function dedupKey(id: string): string {
	return createHash('sha256').update(id).digest('hex').slice(0, KEY_LENGTH);
}

export class DedupStore {
	/** key -> hour it was taken. */
	private readonly taken = new Map<string, number>();
	/** hour -> its keys concatenated, as saved: remembering appends, saving copies nothing. */
	private readonly byHour = new Map<number, string>();
	/** Keys whose run has not finished yet (acknowledge-after-success mode): not yet remembered. */
	private readonly pending = new Set<string>();
	/** Keys forgotten on purpose: an older saved copy must not bring them back. */
	private readonly forgotten = new Set<string>();

	constructor(private settings: DedupSettings) {}

	configure(settings: DedupSettings): void {
		this.settings = settings;
	}

	get size(): number {
		return this.taken.size;
	}

	/**
	 * Adds the ids remembered in static data (after a restart, or saved by another process). Cheap
	 * when nothing is new: an hour whose saved keys are a prefix of ours is skipped unread.
	 */
	hydrate(serialized: unknown, now: number): void {
		const hours = (serialized as SerializedDedup | undefined)?.hours;
		if (!hours || typeof hours !== 'object') return;
		for (const [hourText, keys] of Object.entries(hours)) {
			const hour = Number(hourText) * 1000;
			if (!Number.isFinite(hour) || typeof keys !== 'string') continue;
			if ((this.byHour.get(hour) ?? '').startsWith(keys)) continue;
			for (let i = 0; i + KEY_LENGTH <= keys.length; i += KEY_LENGTH) {
				const key = keys.slice(i, i + KEY_LENGTH);
				if (!this.forgotten.has(key)) this.remember(key, hour);
			}
		}
		this.prune(now);
	}

	/**
	 * Checks and claims in one synchronous step. `commit: false` claims as pending: a second copy
	 * is told "pending" until commit() or release() settles the first.
	 */
	claim(id: string, now: number, commit = true): ClaimResult {
		const key = dedupKey(id);
		if (this.taken.has(key)) return 'duplicate';
		if (this.pending.has(key)) return 'pending';
		this.forgotten.delete(key);
		if (commit) this.remember(key, hourOf(now));
		else this.pending.add(key);
		return 'new';
	}

	commit(id: string, now: number): void {
		const key = dedupKey(id);
		this.pending.delete(key);
		if (!this.taken.has(key)) this.remember(key, hourOf(now));
	}

	/** Forgets a pending claim, so that the sender's retry is processed. */
	release(id: string): void {
		this.pending.delete(dedupKey(id));
	}

	/** Forgets a remembered id (its run could not be started after all). */
	forget(id: string): void {
		const key = dedupKey(id);
		const hour = this.taken.get(key);
		if (hour === undefined) return;
		this.taken.delete(key);
		this.forgotten.add(key);
		const keys = this.byHour.get(hour) ?? '';
		for (let i = 0; i < keys.length; i += KEY_LENGTH) {
			if (keys.startsWith(key, i)) {
				this.byHour.set(hour, keys.slice(0, i) + keys.slice(i + KEY_LENGTH));
				return;
			}
		}
	}

	has(id: string): boolean {
		return this.taken.has(dedupKey(id));
	}

	/** Whether the saved copy already holds every id remembered here (then saving again is waste). */
	isSavedIn(serialized: unknown): boolean {
		const hours = (serialized as SerializedDedup | undefined)?.hours;
		if (!hours || typeof hours !== 'object') return this.byHour.size === 0;
		for (const [hour, keys] of this.byHour)
			if (keys.length > 0 && hours[String(hour / 1000)] !== keys) return false;
		return true;
	}

	serialize(now: number): SerializedDedup {
		this.prune(now);
		const hours: Record<string, string> = {};
		for (const [hour, keys] of this.byHour) hours[String(hour / 1000)] = keys;
		return { v: 1, hours };
	}

	private remember(key: string, hour: number): void {
		if (this.taken.has(key)) return;
		this.taken.set(key, hour);
		this.byHour.set(hour, (this.byHour.get(hour) ?? '') + key);
	}

	private prune(now: number): void {
		const oldest = hourOf(now) - this.settings.retentionHours * HOUR_MS;
		const hours = [...this.byHour.keys()].sort((a, b) => a - b);
		for (const hour of hours) {
			const tooOld = hour < oldest;
			const tooMany = this.taken.size > this.settings.maxEntries;
			if (!tooOld && !tooMany) break;
			const keys = this.byHour.get(hour) ?? '';
			for (let i = 0; i < keys.length; i += KEY_LENGTH)
				this.taken.delete(keys.slice(i, i + KEY_LENGTH));
			this.byHour.delete(hour);
		}
	}
}

function hourOf(now: number): number {
	return Math.floor(now / HOUR_MS) * HOUR_MS;
}

/**
 * One store per workflow and trigger node, for the life of the n8n process. Module scope is the
 * only place that outlives a single webhook call; static data is read afresh for each call and
 * merged in, so the store also holds what other processes saved.
 */
const stores = new Map<string, DedupStore>();

export function dedupStoreFor(
	scope: string,
	settings: DedupSettings,
	staticData: unknown,
	now: number,
): DedupStore {
	let store = stores.get(scope);
	if (!store) {
		store = new DedupStore(settings);
		stores.set(scope, store);
	} else {
		store.configure(settings);
	}
	store.hydrate(staticData, now);
	return store;
}

/** For tests: forget every process-wide store, as a restart would. */
export function forgetAllDedupStores(): void {
	stores.clear();
}
