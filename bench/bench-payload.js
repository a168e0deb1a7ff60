'use strict';
/**
 * In-process payload benchmark (not a test): validate and build 100,000 campaigns, one receiver
 * each, the way the Send operation does per input item, keep every payload (the node holds them
 * until delivery) and serialise each to its wire JSON (as the HTTP layer does, one at a time).
 *
 * Each round is run twice, interleaved: with validation (buildCampaigns: zod parses the profile and
 * the content) and with validation skipped (the same receivers normalised and the same payloads
 * assembled from values already in wire form). Prints both rates, their ratio (target >= 0.90),
 * and the peak extra memory (target < 100 MB), for two workloads:
 *   - one campaign: the same content for every receiver (Send's usual run, and the workload of
 *     this script before it measured the ratio: same content, same figure line);
 *   - every campaign different: a different title each, so nothing validated can be reused.
 * Run: npm run bench:payload (BENCH_COUNT, BENCH_ROUNDS to change the size)
 */
const { packageModule } = require('../dev/packageModule');
const { exitOnHelp } = require('./support/help');

exitOnHelp(
	'node --expose-gc bench/bench-payload.js: campaigns validated and built per second, with and without\nvalidation, and the peak extra memory. Environment: BENCH_COUNT (default 100000), BENCH_ROUNDS (default 5).',
);
const { buildCampaigns, campaignPayloads, validateContent, wireReceivers } = packageModule(
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
const profile = { campaign_id: 'bench', campaign_type: 'offer' };
const options = { countryCode: '91', hashReceivers: false };

/** The content of campaign i: the same object, or a copy with its own title. */
const WORKLOADS = {
	'one campaign': () => content,
	'every campaign different': (i) => ({ ...content, title: `Offer ${i}, today only 🌸` }),
};

/** What the validated build sends, for the build without validation to start from. */
function wireForm(contentOf) {
	const contents = new Array(COUNT);
	for (let i = 0; i < COUNT; i++) contents[i] = validateContent(contentOf(i)).content;
	return contents;
}

const BUILDS = {
	'with validation': (i, contentOf) =>
		buildCampaigns(
			{ profile, receivers: `98${String(10000000 + i)}`, content: contentOf(i) },
			options,
		),
	'validation skipped': (i, _, wire) => {
		const issues = [];
		const receivers = wireReceivers(`98${String(10000000 + i)}`, options, issues);
		return { payloads: campaignPayloads(profile, receivers, wire[i]), issues };
	},
};

function memory() {
	const m = process.memoryUsage();
	return m.heapUsed + m.external + m.arrayBuffers;
}

function round(build, contentOf, wire) {
	global.gc?.();
	const baseline = memory();
	let peak = 0;
	const kept = new Array(COUNT);
	let bytes = 0;
	const started = process.hrtime.bigint();
	for (let i = 0; i < COUNT; i++) {
		const { payloads, issues } = build(i, contentOf, wire);
		if (issues.length > 0 || payloads.length !== 1)
			throw new Error(`unexpected result at ${i}: ${JSON.stringify(issues)}`);
		kept[i] = payloads[0];
		bytes += JSON.stringify(payloads[0]).length;
		if ((i & 1023) === 0) peak = Math.max(peak, memory() - baseline);
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	peak = Math.max(peak, memory() - baseline);
	return { perSecond: COUNT / seconds, peakMb: peak / 1024 / 1024, bytes };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => `min ${fmt(Math.min(...values))}, max ${fmt(Math.max(...values))}`;

console.log(
	`payload benchmark: ${fmt(COUNT)} campaigns x ${ROUNDS} rounds per build, interleaved, Node ${process.version}`,
);
for (const [workload, contentOf] of Object.entries(WORKLOADS)) {
	const wire = wireForm(contentOf);
	// Both builds must put the same bytes on the wire, or the ratio compares different work.
	const [a, b] = Object.values(BUILDS).map((build) => JSON.stringify(build(7, contentOf, wire)));
	if (a !== b) throw new Error(`the two builds differ:\n${a}\n${b}`);
	const results = Object.fromEntries(Object.keys(BUILDS).map((name) => [name, []]));
	for (let r = 0; r < ROUNDS; r++)
		for (const [name, build] of Object.entries(BUILDS))
			results[name].push(round(build, contentOf, wire));
	console.log(`${workload}:`);
	for (const [name, list] of Object.entries(results)) {
		const rates = list.map((x) => x.perSecond);
		console.log(
			`  payloads/s ${name.padEnd(18)} median ${fmt(median(rates))}  (${spread(rates)})  peak extra MB median ${median(list.map((x) => x.peakMb)).toFixed(1)}`,
		);
	}
	const ratio =
		median(results['with validation'].map((x) => x.perSecond)) /
		median(results['validation skipped'].map((x) => x.perSecond));
	console.log(
		`  ratio with / without validation ${ratio.toFixed(2)}${workload === 'one campaign' ? '  (target >= 0.90)' : ''}; wire JSON per round ${(results['with validation'][0].bytes / 1024 / 1024).toFixed(1)} MB; peak extra memory target < 100 MB`,
	);
}
