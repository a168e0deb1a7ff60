import { DedupStore, dedupKey } from '../../nodes/shared/webhook/dedupStore';

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

	it('round-trips through static data compactly: 16 characters per id, grouped by hour', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		store.claim('a', T0);
		store.claim('b', T0 + HOUR);
		const serialized = store.serialize(T0 + HOUR);
		expect(serialized).toEqual({
			v: 1,
			hours: {
				[String(Date.parse('2026-11-21T10:00:00Z') / 1000)]: dedupKey('a'),
				[String(Date.parse('2026-11-21T11:00:00Z') / 1000)]: dedupKey('b'),
			},
		});
		const restored = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		restored.hydrate(JSON.parse(JSON.stringify(serialized)), T0 + HOUR);
		expect(restored.claim('a', T0 + HOUR)).toBe('duplicate');
		expect(restored.claim('b', T0 + HOUR)).toBe('duplicate');
		expect(restored.claim('c', T0 + HOUR)).toBe('new');
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
		])
			store.hydrate(junk, T0);
		expect(store.size).toBe(0);
	});

	it('pending claims block copies until committed or released', () => {
		const store = new DedupStore({ retentionHours: 96, maxEntries: 1000 });
		expect(store.claim('a', T0, false)).toBe('new');
		expect(store.claim('a', T0, false)).toBe('pending');
		expect(store.serialize(T0).hours).toEqual({});
		store.release('a');
		expect(store.claim('a', T0, false)).toBe('new');
		store.commit('a', T0);
		expect(store.claim('a', T0)).toBe('duplicate');
	});

	it('a 1 MB id costs 16 characters', () => {
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
