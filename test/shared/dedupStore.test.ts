import { createHash } from 'crypto';

import { DedupStore, dedupKey } from '../../nodes/shared/webhook/dedupStore';
import {
	SECRET_REUSE_SECONDS,
	forgetAllSecrets,
	reuseSecret,
} from '../../nodes/shared/webhook/secretCache';

const HOUR = 3600 * 1000;
const T0 = Date.parse('2026-11-21T10:15:00Z');

describe('DedupStore', () => {
	it('claims once, then reports duplicates', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		expect(store.claim('a', T0)).toBe('new');
		expect(store.claim('a', T0 + HOUR)).toBe('duplicate');
		expect(store.claim('b', T0)).toBe('new');
	});

	it("remembers for the retention window, which covers Truecaller's last retry (~78 h)", () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		store.claim('a', T0);
		const lastRetry = T0 + (2 + 6 + 30) * 60 * 1000 + (1 + 5 + 24 + 48) * HOUR;
		store.serialize(lastRetry);
		expect(store.claim('a', lastRetry)).toBe('duplicate');
		store.serialize(T0 + 98 * HOUR);
		expect(store.claim('a', T0 + 98 * HOUR)).toBe('new');
	});

	it('stays bounded: past maxEntries the oldest hours go first', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 100 });
		for (let i = 0; i < 80; i++) store.claim(`old-${i}`, T0);
		for (let i = 0; i < 80; i++) store.claim(`new-${i}`, T0 + HOUR);
		store.serialize(T0 + HOUR);
		expect(store.size).toBe(80);
		expect(store.has('old-1')).toBe(false);
		expect(store.has('new-1')).toBe(true);
	});

	it('round-trips through static data compactly: 11 characters per id, in chunks named by hour', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		store.claim('a', T0);
		store.claim('b', T0 + HOUR);
		const serialized = store.serialize(T0 + HOUR);
		expect(serialized.v).toBe(2);
		const chunks = Object.entries(serialized.chunks);
		expect(chunks.map(([name]) => name.split('.')[0])).toEqual([
			String(Date.parse('2026-11-21T10:00:00Z') / 1000),
			String(Date.parse('2026-11-21T11:00:00Z') / 1000),
		]);
		expect(chunks.map(([, keys]) => keys)).toEqual([dedupKey('a'), dedupKey('b')]);
		expect(dedupKey('a')).toMatch(/^[A-Za-z0-9_-]{11}$/);
		const restored = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		restored.hydrate(JSON.parse(JSON.stringify(serialized)), T0 + HOUR);
		expect(restored.claim('a', T0 + HOUR)).toBe('duplicate');
		expect(restored.claim('b', T0 + HOUR)).toBe('duplicate');
		expect(restored.claim('c', T0 + HOUR)).toBe('new');
	});

	it('reads what the first version saved (16 hex digits per id, by hour) and saves it anew', () => {
		const hex = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 16);
		const hour = String(Date.parse('2026-11-21T10:00:00Z') / 1000);
		const version1 = { v: 1, hours: { [hour]: hex('a') + hex('b') } };
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		store.hydrate(version1, T0);
		expect(['a', 'b', 'c'].map((id) => store.has(id))).toEqual([true, true, false]);
		expect(store.isSavedIn(version1)).toBe(false);
		expect(store.isSavedIn(store.serialize(T0))).toBe(true);
	});

	it("merges two processes' chunks whatever the order of their saves", () => {
		const settings = { retentionHours: 96, maxEntries: 1000 };
		const [one, two] = [new DedupStore(settings), new DedupStore(settings)];
		one.claim('one-a', T0);
		two.hydrate(one.serialize(T0), T0);
		two.claim('two-a', T0);
		one.claim('one-b', T0);
		const savedByTwo = two.serialize(T0);
		one.hydrate(savedByTwo, T0);
		two.hydrate(one.serialize(T0), T0);
		for (const store of [one, two])
			expect(['one-a', 'one-b', 'two-a'].map((id) => store.has(id))).toEqual([true, true, true]);
		expect(one.isSavedIn(two.serialize(T0))).toBe(true);
	});

	it('seals a chunk at 1,024 ids, so that what a process knows is never read again', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 100000 });
		for (let i = 0; i < 4000; i++) store.claim(`id-${i}`, T0);
		const lengths = Object.values(store.serialize(T0).chunks).map((keys) => keys.length / 11);
		expect(lengths).toEqual([1024, 1024, 1024, 928]);
	});

	it('ignores static data it does not understand', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		for (const junk of [
			undefined,
			null,
			'x',
			{ hours: 'x' },
			{ hours: { abc: 'k' } },
			{ hours: { 1: 7 } },
			{ v: 2, chunks: 'x' },
			{ v: 2, chunks: { 'x.y.0': 'abcdefghijk', '1.y.0': 7 } },
		])
			store.hydrate(junk, T0);
		expect(store.size).toBe(0);
	});

	it('pending claims block copies until committed or released', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		expect(store.claim('a', T0, false)).toBe('new');
		expect(store.claim('a', T0, false)).toBe('pending');
		expect(store.serialize(T0).chunks).toEqual({});
		store.release('a');
		expect(store.claim('a', T0, false)).toBe('new');
		store.commit('a', T0);
		expect(store.claim('a', T0)).toBe('duplicate');
	});

	it('a 1 MB id costs 11 characters', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		store.claim('x'.repeat(1024 * 1024), T0);
		expect(JSON.stringify(store.serialize(T0)).length).toBeLessThan(60);
	});
});

describe('DedupStore.forget', () => {
	it('forgets one id and keeps the others, in memory and in what is saved', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		['a', 'b', 'c'].forEach((id) => store.claim(id, T0));
		store.forget('b');
		expect(store.claim('b', T0 + 1)).toBe('new');
		store.forget('a');
		const restored = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		restored.hydrate(store.serialize(T0), T0);
		expect(['a', 'b', 'c'].map((id) => restored.has(id))).toEqual([false, true, true]);
	});
});

describe('reuseSecret', () => {
	const settings = { method: 'urlKey' as const, urlKey: 'k'.repeat(16) };
	beforeEach(() => forgetAllSecrets());

	it(`reads the credential once per scope for ${SECRET_REUSE_SECONDS} s, then again`, async () => {
		let reads = 0;
		const read = async () => {
			reads++;
			return settings;
		};
		await reuseSecret('wf:node:cred', T0, read);
		await reuseSecret('wf:node:cred', T0 + SECRET_REUSE_SECONDS * 1000 - 1, read);
		expect(reads).toBe(1);
		await reuseSecret('wf:node:other-cred', T0, read);
		await reuseSecret('wf:node:cred', T0 + SECRET_REUSE_SECONDS * 1000, read);
		expect(reads).toBe(3);
	});

	it('keeps nothing incomplete and nothing without a credential id', async () => {
		let reads = 0;
		const incomplete = async () => {
			reads++;
			return { method: 'urlKey' as const };
		};
		await reuseSecret('wf:node:cred', T0, incomplete);
		await reuseSecret('wf:node:cred', T0, incomplete);
		const complete = async () => {
			reads++;
			return settings;
		};
		await reuseSecret(undefined, T0, complete);
		await reuseSecret(undefined, T0, complete);
		expect(reads).toBe(4);
	});
});
