'use strict';
/**
 * What Include Preview adds to Send in a real n8n (not a test). A manual workflow makes N items (a
 * different receiver each) into Send Verified Campaign, which posts them to a local sandbox; run with
 * `n8n execute` in n8n's default binary data mode of one process (filesystem), with Include Preview
 * off and on, alternating; prints the Send node's own execution time and the ratio on / off.
 *
 *   one campaign:    --items receivers, the same content (Send's usual run: one stored file)
 *   every different: --distinct receivers, each its own title (one drawing and one file each)
 *
 *   node bench/bench-preview-n8n.js [--items 10000] [--distinct 1000] [--rounds 3]
 *        [--n8n-version 2.41.1] [--port 5944]
 *
 * The sandbox runs in its own process on port + 2 (n8n's CLI runs synchronously here, and a
 * sandbox in this process could not answer while it runs).
 *
 * Packs the current package (npm run build first). Target: one campaign <= 1.2x. Figures in
 * BENCHMARKS.md.
 */
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

const { median, node, parseBenchOptions } = require('./support/bench');
const { sandboxCredentials } = require('../dev/examples');
const { ensureHost } = require('../dev/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage } = require('../dev/n8n/n8nServer');
const { CAMPAIGN_PATH } = require('../dev/sandbox/sandbox');

const HELP =
	'node bench/bench-preview-n8n.js [--items N] [--distinct N] [--rounds N] [--n8n-version V] [--port P]';
const options = parseBenchOptions(
	process.argv.slice(2),
	{ items: 10000, distinct: 1000, rounds: 3, 'n8n-version': '2.41.1', port: 5944 },
	HELP,
);
if (options.help) {
	console.log(HELP);
	process.exit(0);
}

/** Send to `count` receivers, one item each; `title` is the expression of each item's title. */
function sendWorkflow(id, count, title, includePreview) {
	return {
		id,
		name: `Send x ${count}, preview ${includePreview ? 'on' : 'off'}`,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Items', 'n8n-nodes-base.code', 2, 1, {
				jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { receiver: '98' + String(10000000 + i), i } }));`,
			}),
			node(
				'Send',
				'n8n-nodes-truecaller.truecaller',
				1,
				2,
				{
					resource: 'verifiedCampaign',
					operation: 'send',
					campaignId: 'bench',
					receivers: '={{ $json.receiver }}',
					defaultCountryCode: '91',
					contentMode: 'fields',
					displayUnit: 'acs-answered',
					templateStyle: '3',
					themeColor: '#6A1B9A',
					textColor: '#FFFFFF',
					title,
					subTitle: 'Use code FLOWERS20 at checkout',
					callToAction: 'Shop now',
					deeplink: 'https://example.com/offer',
					imageUrl: 'https://cdn.example.com/side.png',
					additionalFields: {},
					options: { includePreview, concurrency: 20, requestsPerSecond: 10000 },
				},
				{
					credentials: { truecallerApi: { id: 'tcSandboxCred001', name: 'Truecaller (sandbox)' } },
				},
			),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

const WORKLOADS = [
	{ label: 'one campaign', count: options.items, title: 'Fresh flowers, 20% off today' },
	{
		label: 'every campaign different',
		count: options.distinct,
		title: '={{ "Offer " + $json.i }}',
	},
].map((workload, index) => ({
	...workload,
	off: sendWorkflow(`previewBenchOff${index}`, workload.count, workload.title, false),
	on: sendWorkflow(`previewBenchOn0${index}`, workload.count, workload.title, true),
}));

/** The Send node's own time and what it produced, from `n8n execute --rawOutput`. */
function sendRun(n8n, workflow) {
	const outputFile = path.join(n8n.options.userFolder, 'execute-output.json');
	const out = n8n.cli(['execute', `--id=${workflow.id}`, '--rawOutput'], { outputFile });
	const json = out.slice(out.indexOf('\n{') + 1, out.lastIndexOf('}') + 1);
	let parsed;
	try {
		parsed = JSON.parse(json);
	} catch (error) {
		throw new Error(
			`n8n execute printed no readable run data (${error.message}); see ${outputFile}`,
		);
	}
	const run = parsed.data.resultData.runData.Send[0];
	const items = run.data.main[0];
	return {
		ms: run.executionTime,
		delivered: items.filter((i) => i.json.status === 'delivered').length,
		files: new Set(items.map((i) => i.binary?.preview?.id).filter(Boolean)).size,
	};
}

/** The sandbox in a child process; resolves once it listens. */
function startSandbox(port) {
	const child = spawn(
		process.execPath,
		[
			path.join(ROOT, 'dev', 'sandbox', 'sandbox.js'),
			'--port',
			String(port),
			'--org-id',
			'bench-org',
			'--token',
			'bench-token',
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	return new Promise((resolve, reject) => {
		child.stdout.once('data', () => resolve(child));
		child.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
	});
}

async function main() {
	const sandboxPort = options.port + 2;
	const sandboxChild = await startSandbox(sandboxPort);
	const sandbox = {
		url: `http://127.0.0.1:${sandboxPort}`,
		campaignUrl: `http://127.0.0.1:${sandboxPort}${CAMPAIGN_PATH}`,
		truePulseUrl: `http://127.0.0.1:${sandboxPort}/unused`,
		orgId: 'bench-org',
		token: 'bench-token',
	};
	const n8n = new LocalN8n(ensureHost(options.n8nVersion), {
		userFolder: path.join(ROOT, '.n8n-local', `bench-preview-${options.n8nVersion}`),
		port: options.port,
		fresh: true,
		// n8n execute prints the run data only at log level info
		env: { N8N_LOG_LEVEL: 'info' },
	});
	n8n.installPackage(packPackage());
	n8n.importCredentials(sandboxCredentials(sandbox));
	n8n.importWorkflows(WORKLOADS.flatMap((w) => [w.off, w.on]));
	console.log(
		`Send with Include Preview off / on, n8n ${options.n8nVersion} (binary data mode filesystem), ${options.rounds} rounds, alternating; load average ${os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(' ')}`,
	);
	try {
		for (const workload of WORKLOADS) {
			const times = { off: [], on: [] };
			for (let round = 1; round <= options.rounds; round++)
				for (const variant of ['off', 'on']) {
					const run = sendRun(n8n, workload[variant]);
					if (run.delivered !== workload.count)
						throw new Error(`${run.delivered} of ${workload.count} delivered`);
					times[variant].push(run.ms);
					console.log(
						`  ${workload.label}, ${workload.count.toLocaleString('en-US')} receivers, round ${round}, preview ${variant.padEnd(3)}  ${run.ms.toLocaleString('en-US')} ms${variant === 'on' ? `  (${run.files} stored file${run.files === 1 ? '' : 's'})` : ''}`,
					);
				}
			console.log(
				`  => ${workload.label}: median off ${median(times.off).toLocaleString('en-US')} ms, on ${median(times.on).toLocaleString('en-US')} ms, ratio ${(median(times.on) / median(times.off)).toFixed(2)}x${workload.label === 'one campaign' ? ' (target <= 1.2x)' : ''}; load average ${os.loadavg()[0].toFixed(1)}`,
			);
		}
	} finally {
		sandboxChild.kill();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
