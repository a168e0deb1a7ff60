/**
 * Remembers which event ids were already taken, so that a retried delivery starts nothing twice.
 *
 * Two layers, because n8n gives a webhook node exactly two places to keep state:
 * - process memory (one store per workflow and node), which makes the check-and-claim atomic: two
 *   copies of one event arriving at the same moment are told apart synchronously, before any await;
 * - workflow static data, which n8n reads from its database for every webhook request and writes
 *   back whole when it is marked changed. Every request first merges what the database holds into
 *   memory (so a process learns the ids other processes saved, and ids erased by another node's
 *   save of the same column come back).
 *
 * The remembered set is kept in chunks so that this merge costs the ids that are new to the
 * process, not the whole history: a chunk is named by the hour it was opened, the store that
 * opened it and a sequence number, and only that store ever appends to it. A process that knows
 * the first n characters of a chunk therefore only reads what lies beyond them, whichever process
 * saved last and in whatever order. An id forgotten on purpose moves its chunk's other ids to a
 * new chunk, so that no chunk ever shrinks under its name.
 *
 * Ids are kept as the first 64 bits of their SHA-256 in base64url (11 characters: no practical
 * collisions at these volumes, and a hostile 1 MB id costs 11 characters). Chunks older than the
 * retention window are dropped; past maxEntries the oldest chunks go first.
 */
import { createHash, randomBytes } from 'crypto';

export interface DedupSettings {
	retentionHours: number;
	maxEntries: number;
}

/** What is kept in workflow static data: chunk name -> concatenated 11-character keys. */
export interface SerializedDedup {
	v: 2;
	chunks: Record<string, string>;
}

export type ClaimResult = 'new' | 'duplicate' | 'pending';

/** 96 hours cover Truecaller's retries (the last comes about 78 hours after the first try). */
export const DEDUP_DEFAULTS: DedupSettings = { retentionHours: 96, maxEntries: 100000 };

const KEY_LENGTH = 11;
const HOUR_MS = 3600 * 1000;
/**
 * A sealed chunk is never read again by a process that knows it. 1,024 ids is 11 KB: V8 parses and
 * writes the JSON of many such strings two to four times faster than of one long one, and n8n
 * does both with the whole column on every request (bench/bench-dedup.js).
 */
const CHUNK_KEYS = 1024;

export function dedupKey(id: string): string {
	return createHash('sha256').update(id).digest().subarray(0, 8).toString('base64url');
}

/** The first version kept 16 hex digits per id, grouped by hour: the same 64 bits. */
function chunksOfVersion1(hours: Record<string, unknown>): Record<string, string> {
	const chunks: Record<string, string> = {};
	for (const [hour, hex] of Object.entries(hours)) {
		if (typeof hex !== 'string' || !/^(?:[0-9a-f]{16})*$/.test(hex)) continue;
		let keys = '';
		for (let i = 0; i < hex.length; i += 16)
			keys += Buffer.from(hex.slice(i, i + 16), 'hex').toString('base64url');
		chunks[`${hour}.v1.0`] = keys;
	}
	return chunks;
}

function savedChunks(serialized: unknown): Record<string, unknown> | undefined {
	const saved = serialized as { v?: unknown; chunks?: unknown; hours?: unknown } | undefined;
	if (!saved || typeof saved !== 'object') return undefined;
	if (saved.v === 2 && saved.chunks && typeof saved.chunks === 'object')
		return saved.chunks as Record<string, unknown>;
	if (saved.hours && typeof saved.hours === 'object')
		return chunksOfVersion1(saved.hours as Record<string, unknown>);
	return undefined;
}

/** Epoch milliseconds of the hour a chunk was opened in, from its name. */
function chunkHour(name: string): number {
	return Number(name.slice(0, name.indexOf('.'))) * 1000;
}

function hourOf(now: number): number {
	return Math.floor(now / HOUR_MS) * HOUR_MS;
}

export class DedupStore {
	/** key -> name of the chunk that holds it. */
	private readonly taken = new Map<string, string>();
	/** chunk name -> its keys concatenated, as saved: remembering appends, saving copies nothing. */
	private readonly chunks = new Map<string, string>();
	/** Chunks dropped or replaced here: a copy saved earlier must not bring them back. */
	private readonly dropped = new Set<string>();
	/** Keys whose run has not finished yet (acknowledge-after-success mode): not yet remembered. */
	private readonly pending = new Set<string>();
	/** Keys forgotten on purpose: an older saved copy must not bring them back. */
	private readonly forgotten = new Set<string>();
	/** Tells this store's chunks from those of other processes and of earlier lives of this one. */
	private readonly writer = randomBytes(4).toString('hex');
	private sequence = 0;
	private open?: { name: string; hour: number };

	constructor(private settings: DedupSettings) {}

	configure(settings: DedupSettings): void {
		this.settings = settings;
	}

	get size(): number {
		return this.taken.size;
	}

	/**
	 * Adds the ids remembered in static data (after a restart, or saved by another process). Reads
	 * only the part of each chunk this process does not know yet.
	 */
	hydrate(serialized: unknown, now: number): void {
		const saved = savedChunks(serialized);
		if (!saved) return;
		const oldest = this.oldestHour(now);
		for (const [name, keys] of Object.entries(saved)) {
			if (typeof keys !== 'string' || this.dropped.has(name)) continue;
			const hour = chunkHour(name);
			if (!Number.isFinite(hour) || hour < oldest) continue;
			const known = this.chunks.get(name) ?? '';
			if (keys.length <= known.length) continue;
			this.absorb(name, keys, keys.startsWith(known) ? known.length : 0);
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
		const name = this.taken.get(key);
		if (name === undefined) return;
		this.taken.delete(key);
		this.forgotten.add(key);
		const keys = this.chunks.get(name) ?? '';
		let rest = '';
		for (let i = 0; i + KEY_LENGTH <= keys.length; i += KEY_LENGTH)
			if (!keys.startsWith(key, i)) rest += keys.slice(i, i + KEY_LENGTH);
		this.dropChunk(name);
		const renamed = this.newChunkName(chunkHour(name));
		this.absorb(renamed, rest, 0);
	}

	has(id: string): boolean {
		return this.taken.has(dedupKey(id));
	}

	/** Whether the saved copy already holds every id remembered here (then saving again is waste). */
	isSavedIn(serialized: unknown): boolean {
		const saved = (serialized as Partial<SerializedDedup> | undefined)?.v === 2;
		const chunks = saved ? (serialized as SerializedDedup).chunks : undefined;
		if (!chunks || typeof chunks !== 'object') return this.chunks.size === 0;
		for (const [name, keys] of this.chunks)
			if (keys.length > 0 && chunks[name]?.length !== keys.length) return false;
		return true;
	}

	serialize(now: number): SerializedDedup {
		this.prune(now);
		return { v: 2, chunks: Object.fromEntries(this.chunks) };
	}

	private absorb(name: string, keys: string, from: number): void {
		for (let i = from; i + KEY_LENGTH <= keys.length; i += KEY_LENGTH) {
			const key = keys.slice(i, i + KEY_LENGTH);
			if (!this.taken.has(key) && !this.forgotten.has(key)) this.taken.set(key, name);
		}
		this.chunks.set(name, keys);
	}

	private remember(key: string, hour: number): void {
		if (this.taken.has(key)) return;
		if (
			this.open?.hour !== hour ||
			(this.chunks.get(this.open.name)?.length ?? 0) >= CHUNK_KEYS * KEY_LENGTH
		)
			this.open = { name: this.newChunkName(hour), hour };
		this.taken.set(key, this.open.name);
		this.chunks.set(this.open.name, (this.chunks.get(this.open.name) ?? '') + key);
	}

	private newChunkName(hour: number): string {
		return `${hour / 1000}.${this.writer}.${this.sequence++}`;
	}

	private dropChunk(name: string): void {
		const keys = this.chunks.get(name) ?? '';
		for (let i = 0; i + KEY_LENGTH <= keys.length; i += KEY_LENGTH) {
			const key = keys.slice(i, i + KEY_LENGTH);
			if (this.taken.get(key) === name) this.taken.delete(key);
		}
		this.chunks.delete(name);
		this.dropped.add(name);
		if (this.open?.name === name) this.open = undefined;
	}

	private oldestHour(now: number): number {
		return hourOf(now) - this.settings.retentionHours * HOUR_MS;
	}

	private prune(now: number): void {
		const oldest = this.oldestHour(now);
		for (const name of this.dropped) if (chunkHour(name) < oldest) this.dropped.delete(name);
		const expired = [...this.chunks.keys()].filter((name) => chunkHour(name) < oldest);
		for (const name of expired) this.dropChunk(name);
		if (this.taken.size <= this.settings.maxEntries) return;
		const byAge = [...this.chunks.keys()].sort((a, b) => chunkHour(a) - chunkHour(b));
		for (const name of byAge) {
			if (this.taken.size <= this.settings.maxEntries) break;
			this.dropChunk(name);
		}
	}
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
