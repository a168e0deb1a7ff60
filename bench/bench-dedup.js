'use strict';
/**
 * The triggers' own share of one accepted event, in process (not a test): what the dedup store does
 * per webhook request at 0, 10,000 and 100,000 remembered ids, and beside it what n8n does with the
 * same static data (JSON of the column read and written whole). Two stores play two webhook
 * processes taking requests in turn, each saving after its event, as in queue mode; one store
 * alone is one process. Prints microseconds per request, median of rounds.
 * Run: npm run bench:dedup
 */
const os = require('os');

const { exitOnHelp } = require('./support/help');

exitOnHelp(
	'node bench/bench-dedup.js: microseconds per webhook request of the dedup store and of n8n static data,\nat 0, 10,000 and 100,000 remembered ids. Environment: BENCH_REQUESTS (default 400).',
);

const { DedupStore } = require('../dev/packageModule').packageModule(
	'nodes/shared/webhook/dedupStore',
);

/** Room above the history, so that the requests' own events do not push the oldest ids out. */
const SETTINGS = { retentionHours: 96, maxEntries: 1000000 };
const SIZES = [0, 10000, 100000];
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const ROUNDS = 5;

function seeded(count, now) {
	const store = new DedupStore(SETTINGS);
	for (let i = 0; i < count; i++) store.claim(`remembered-${i}`, now);
	return JSON.parse(JSON.stringify(store.serialize(now)));
}

/** One round: `processes` stores take REQUESTS new events in turn; microseconds per request. */
function round(count, processes, now) {
	let column = JSON.stringify({ dedup: seeded(count, now) });
	const stores = Array.from({ length: processes }, () => new DedupStore(SETTINGS));
	for (const store of stores) store.hydrate(JSON.parse(column).dedup, now);
	let nodeNs = 0n;
	let n8nNs = 0n;
	for (let i = 0; i < REQUESTS; i++) {
		const store = stores[i % processes];
		let t = process.hrtime.bigint();
		const loaded = JSON.parse(column); // n8n: the column read for this request
		n8nNs += process.hrtime.bigint() - t;
		t = process.hrtime.bigint();
		store.hydrate(loaded.dedup, now);
		store.claim(`event-${count}-${processes}-${i}`, now);
		loaded.dedup = store.serialize(now);
		nodeNs += process.hrtime.bigint() - t;
		t = process.hrtime.bigint();
		column = JSON.stringify(loaded); // n8n: the column written whole
		n8nNs += process.hrtime.bigint() - t;
	}
	return {
		nodeUs: Number(nodeNs / BigInt(REQUESTS)) / 1000,
		n8nJsonUs: Number(n8nNs / BigInt(REQUESTS)) / 1000,
		columnKb: column.length / 1024,
	};
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main() {
	const now = Date.now();
	console.log(
		`load average ${os.loadavg()[0].toFixed(1)}, ${REQUESTS} requests per round, ${ROUNDS} rounds`,
	);
	const rows = [];
	for (const processes of [1, 2])
		for (const count of SIZES) {
			const runs = Array.from({ length: ROUNDS }, () => round(count, processes, now));
			rows.push({
				processes,
				remembered: count,
				'node µs/request': median(runs.map((r) => r.nodeUs)).toFixed(1),
				'n8n JSON µs/request': median(runs.map((r) => r.n8nJsonUs)).toFixed(1),
				'column KB': median(runs.map((r) => r.columnKb)).toFixed(0),
			});
		}
	console.table(rows);
	console.log(`load average ${os.loadavg()[0].toFixed(1)} at the end`);
}

main();
