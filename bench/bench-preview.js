'use strict';
/**
 * Preview benchmark (not a test), part of `npm run bench:payload`: the drawing cost of 10,000
 * different campaigns. Per campaign, as the node does per distinct picture: render the SVG from the
 * content and its validation issues and make the Buffer handed to n8n's prepareBinaryData (what n8n
 * then does with it depends on its binary data mode: measured in real n8n by bench-preview-n8n.js).
 * Every campaign differs (title, colour, cell), so nothing is reused. Prints the median of 5 rounds;
 * target < 1 s. Also the largest SVG seen.
 */
const { packageModule } = require('../dev/packageModule');
const { exitOnHelp } = require('./support/help');

exitOnHelp(
	'node bench/bench-preview.js: time to draw different campaign previews, median of 5 rounds.\nEnvironment: BENCH_PREVIEWS (default 10000).',
);
const { renderPreview } = packageModule('nodes/Truecaller/campaign/preview');
const { validateContent } = packageModule('nodes/Truecaller/campaign/campaign');
const { everyCell } = require('../test/support/previewSamples');

const COUNT = Number(process.env.BENCH_PREVIEWS ?? 10000);
const ROUNDS = 5;
const TITLES = [
	'ताज़े फूल, आज 20% छूट 🌸',
	'Flat 20% off your next order',
	'புதிய மலர்கள் இன்று',
	'Your parcel is out for delivery today',
];
const cells = everyCell();

function campaign(i) {
	const { content } = cells[i % cells.length];
	const varied = { ...content };
	if ('title' in varied) varied.title = `${TITLES[i % TITLES.length]} ${i}`.slice(0, 40);
	if ('theme_color' in varied)
		varied.theme_color = `#${(i * 2654435761).toString(16).slice(-6).padStart(6, '0')}`;
	return varied;
}

const contents = Array.from({ length: COUNT }, (_, i) => campaign(i));
const issues = contents.map((content) => validateContent(content).issues);
if (issues.some((list) => list.length > 0)) throw new Error('benchmark campaigns must be valid');

function round() {
	let bytes = 0;
	let largest = 0;
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	for (let i = 0; i < COUNT; i++) {
		const buffer = Buffer.from(renderPreview(contents[i], issues[i]), 'utf8');
		bytes += buffer.length;
		largest = Math.max(largest, buffer.length);
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	return { ms, cpuMs: (used.user + used.system) / 1000, bytes, largest };
}

round(); // warm-up
const results = Array.from({ length: ROUNDS }, round).sort((a, b) => a.ms - b.ms);
const median = results[Math.floor(ROUNDS / 2)];
console.log(
	`preview benchmark: ${COUNT.toLocaleString('en-US')} campaigns x ${ROUNDS} rounds, Node ${process.version}`,
);
console.log(
	`  render + Buffer   median ${median.ms.toFixed(0)} ms  (min ${results[0].ms.toFixed(0)}, max ${results.at(-1).ms.toFixed(0)})  target < 1000 ms`,
);
const cpu = results.map((r) => r.cpuMs).sort((a, b) => a - b);
console.log(
	`  CPU time of the same   median ${cpu[Math.floor(ROUNDS / 2)].toFixed(0)} ms  (wall time grows on a busy machine; CPU time less so)`,
);
console.log(
	`  SVG per campaign   average ${(median.bytes / COUNT / 1024).toFixed(1)} KB, largest ${(median.largest / 1024).toFixed(1)} KB (bound 20 KB)`,
);
