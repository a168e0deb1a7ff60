'use strict';
/**
 * In-process payload benchmark (not a test): validate and build 100,000 campaigns, one receiver
 * each, the way the Send operation does per input item, keep every payload (the node holds them
 * until delivery) and serialise each to its wire JSON (as the HTTP layer does, one at a time).
 * Prints payloads per second and the peak extra memory. Target: >= 100,000/s and < 100 MB.
 * Run: npm run bench:payload
 */
const { buildCampaigns } = require('../test/support/packageModule').packageModule(
	'nodes/Truecaller/campaign/campaign',
);

const COUNT = Number(process.env.BENCH_COUNT ?? 100000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const content = {
	display_unit: 'acs-answered',
	template_style: '3',
	ttl: 30,
	theme_color: '#0087FF',
	text_color: '#FFFFFF',
	title: 'ताज़े फूल, आज 20% छूट 🌸',
	sub_title: 'Use code FLOWERS20 at checkout',
	call_to_action: 'Shop now',
	deeplink: 'https://example.com/offer',
	image_url: 'https://cdn.example.com/side.png',
};
const options = { countryCode: '91', hashReceivers: false };

function memory() {
	const m = process.memoryUsage();
	return m.heapUsed + m.external + m.arrayBuffers;
}

function round() {
	global.gc?.();
	const baseline = memory();
	let peak = 0;
	const kept = new Array(COUNT);
	let bytes = 0;
	const started = process.hrtime.bigint();
	for (let i = 0; i < COUNT; i++) {
		const { payloads, issues } = buildCampaigns(
			{
				profile: { campaign_id: 'bench', campaign_type: 'offer' },
				receivers: `98${String(10000000 + i)}`,
				content,
			},
			options,
		);
		if (issues.length > 0 || payloads.length !== 1)
			throw new Error(`unexpected result at ${i}: ${JSON.stringify(issues)}`);
		kept[i] = payloads[0];
		bytes += JSON.stringify(payloads[0]).length;
		if ((i & 1023) === 0) peak = Math.max(peak, memory() - baseline);
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	peak = Math.max(peak, memory() - baseline);
	return {
		perSecond: COUNT / seconds,
		seconds,
		peakMb: peak / 1024 / 1024,
		bytes,
		kept: kept.length,
	};
}

const results = [];
for (let r = 0; r < ROUNDS; r++) results.push(round());
const sorted = (key) => results.map((x) => x[key]).sort((a, b) => a - b);
const median = (key) => sorted(key)[Math.floor(ROUNDS / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(
	`payload benchmark: ${fmt(COUNT)} campaigns x ${ROUNDS} rounds, Node ${process.version}`,
);
console.log(
	`  payloads/s   median ${fmt(median('perSecond'))}  (min ${fmt(sorted('perSecond')[0])}, max ${fmt(sorted('perSecond').at(-1))})  target >= 100,000`,
);
console.log(
	`  peak extra MB median ${median('peakMb').toFixed(1)}  (min ${sorted('peakMb')[0].toFixed(1)}, max ${sorted('peakMb').at(-1).toFixed(1)})  target < 100`,
);
console.log(`  wire JSON per round ${(results[0].bytes / 1024 / 1024).toFixed(1)} MB`);
