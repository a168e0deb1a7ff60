'use strict';
/**
 * npm run bench:bulk: Send in Bulk (Truecaller's Bulk API, 500 receivers per call) against Send
 * (the webhook transport, one call per receiver) in one real n8n 2.41.1, with the sandbox enforcing
 * Truecaller's documented limits: 100 calls per second per token (429 + Retry-After past it), 500
 * campaigns per call, 20 ms latency per answer. Figures are printed, never a pass/fail.
 *
 *  1. Send in Bulk, 100,000 receivers, one output item per receiver (the default).
 *  2. Send in Bulk, 100,000 receivers, one output item per batch.
 *  3. Send, 10,000 receivers at 100 req/s (100,000 would take ~17 minutes: the figure for 100,000
 *     is extrapolated from this one, linearly, and printed as such).
 *  4. Send in Bulk, 1,000,000 receivers, one output item per batch (BENCH_BULK_MILLION=0 skips it).
 *
 * Each run: the execution's own wall time (n8n's startedAt -> stoppedAt), receivers the sandbox
 * accepted, lost, duplicates, calls, 429s, and the n8n process's peak RSS over its RSS before the
 * run (sampled every 100 ms from /proc). Bounded: fixed counts, a time limit per run, loopback only.
 */
const path = require('path');

const { exitOnHelp } = require('./support/help');

exitOnHelp(
	"node --expose-gc bench/bench-bulk.js (npm run bench:bulk): Send in Bulk against Send in a real n8n under\nTruecaller's limits. Environment: BENCH_BULK_RECEIVERS (default 100000), BENCH_SEND_RECEIVERS\n(default 10000), BENCH_BULK_MILLION=0 skips the 1,000,000-receiver run, BENCH_BULK_PORT (default 5960).",
);

const {
	campaignNode,
	node,
	receiversFor,
	runAndSampleRss,
	webhook,
	workflow,
} = require('./support/bench');
const { sandboxCredentials } = require('../dev/examples');
const { createSandbox } = require('../dev/sandbox/sandbox');
const { ensureHost } = require('../dev/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage, sleep } = require('../dev/n8n/n8nServer');

const PORT = Number(process.env.BENCH_BULK_PORT ?? 5960);
const BULK_RECEIVERS = Number(process.env.BENCH_BULK_RECEIVERS ?? 100000);
const SEND_RECEIVERS = Number(process.env.BENCH_SEND_RECEIVERS ?? 10000);
const MILLION = process.env.BENCH_BULK_MILLION !== '0';
const RUN_LIMIT_MS = 10 * 60 * 1000;
const LATENCY_MS = 20;

const log = (message) => console.log(`[bench:bulk] ${message}`);

const bulkSender = (outputPerBatch) =>
	node(
		'Send in Bulk',
		'n8n-nodes-truecaller.truecaller',
		1,
		1,
		{
			resource: 'verifiedCampaign',
			operation: 'sendInBulk',
			campaignId: 'bench-console-campaign',
			receivers: '={{ $json.body.receivers }}',
			defaultCountryCode: '91',
			contents: {
				unit: [{ displayUnit: 'acs-answered', deeplink: 'https://example.com/offer', ttl: 7 }],
			},
			bulkOptions: { outputPerBatch, concurrency: 20, requestsPerSecond: 100 },
		},
		{
			credentials: {
				truecallerBulkApi: { id: 'tcBulkSandbox001', name: 'Truecaller Bulk API (sandbox)' },
			},
		},
	);

const webhookSender = campaignNode(
	{ concurrency: 20, requestsPerSecond: 100 },
	{
		name: 'Send',
		credentials: { truecallerApi: { id: 'tcSandboxCred001', name: 'Truecaller (sandbox)' } },
	},
);

const sendWorkflow = (id, webhookPath, sender) =>
	workflow(id, `bench: ${webhookPath}`, [webhook(webhookPath), sender]);

const WORKFLOWS = [
	sendWorkflow('benchBulkPerRecv', 'bench-bulk-per-receiver', bulkSender(false)),
	sendWorkflow('benchBulkPerBtch', 'bench-bulk-per-batch', bulkSender(true)),
	sendWorkflow('benchWebhookSend', 'bench-send', webhookSender),
];

/** One execution of the workflow behind `webhookPath` with `receivers`; n8n's wall time and peak RSS. */
const runOnce = (n8n, workflowId, webhookPath, receivers) =>
	runAndSampleRss({
		webhookUrl: `${n8n.baseUrl}/webhook/${webhookPath}`,
		body: { receivers },
		api: n8n,
		workflowId,
		pid: n8n.process.pid,
		limitMs: RUN_LIMIT_MS,
	});

async function measure(n8n, sandbox, label, workflowId, webhookPath, count, offset) {
	sandbox.reset({ bulkRateLimitPerSecond: 100, rateLimitPerSecond: 100, latencyMs: LATENCY_MS });
	log(`${label}: ${count.toLocaleString('en-US')} receivers...`);
	const run = await runOnce(n8n, workflowId, webhookPath, receiversFor(count, offset));
	await sleep(500);
	const bulk = workflowId !== 'benchWebhookSend';
	const delivered = bulk ? sandbox.bulkAccepted.size : sandbox.acceptedReceivers.size;
	const row = {
		run: label,
		receivers: count,
		status: run.status,
		seconds: Number(run.seconds.toFixed(1)),
		delivered,
		lost: count - delivered,
		duplicates: bulk ? sandbox.counters.bulkDuplicateReceivers : sandbox.counters.duplicateAccepts,
		calls: bulk ? sandbox.counters.bulkCalls : sandbox.counters.campaigns,
		answered429: bulk ? sandbox.counters.bulkRejected429 : sandbox.counters.rejected429,
		tokens: bulk ? sandbox.counters.tokens : 0,
		extraRssMb: Math.round(run.peakRssMb - run.baselineRssMb),
		peakRssMb: Math.round(run.peakRssMb),
	};
	log(JSON.stringify(row));
	return row;
}

async function main() {
	const started = Date.now();
	const host = ensureHost('2.41.1');
	const tarball = packPackage(log);
	const sandbox = createSandbox({ orgId: 'bench-org', token: 'bench-token', record: false });
	await sandbox.listen();
	const n8n = new LocalN8n(host, {
		userFolder: path.join(ROOT, '.n8n-local', 'bench-bulk'),
		port: PORT,
		fresh: true,
		// 1,000,000 receivers are ~13 MB of JSON in one webhook body (n8n's default limit: 16 MB).
		env: { N8N_PAYLOAD_SIZE_MAX: '64' },
	});
	const stop = async () => {
		await n8n.stop();
		await sandbox.close();
	};
	process.on('SIGINT', () => stop().then(() => process.exit(130)));
	const rows = [];
	try {
		n8n.installPackage(tarball);
		n8n.importCredentials(sandboxCredentials(sandbox));
		n8n.importWorkflows(WORKFLOWS);
		n8n.publish(WORKFLOWS.map((w) => w.id));
		await n8n.start();
		await n8n.setupOwner();
		for (const w of WORKFLOWS) await n8n.waitForWebhook(w.nodes[0].parameters.path);
		// Warm-up (not counted): loads the node and opens connections.
		await runOnce(n8n, 'benchBulkPerBtch', 'bench-bulk-per-batch', receiversFor(1000, 9000000));

		rows.push(
			await measure(
				n8n,
				sandbox,
				'Send in Bulk, item per receiver',
				'benchBulkPerRecv',
				'bench-bulk-per-receiver',
				BULK_RECEIVERS,
				0,
			),
		);
		rows.push(
			await measure(
				n8n,
				sandbox,
				'Send in Bulk, item per batch',
				'benchBulkPerBtch',
				'bench-bulk-per-batch',
				BULK_RECEIVERS,
				0,
			),
		);
		const send = await measure(
			n8n,
			sandbox,
			'Send (webhook)',
			'benchWebhookSend',
			'bench-send',
			SEND_RECEIVERS,
			0,
		);
		rows.push(send);
		const extrapolated = (send.seconds * BULK_RECEIVERS) / SEND_RECEIVERS;
		log(
			`Send (webhook) for ${BULK_RECEIVERS.toLocaleString('en-US')} receivers, extrapolated linearly: ${extrapolated.toFixed(0)} s`,
		);
		for (const row of rows.slice(0, 2))
			log(
				`${row.run}: ${(extrapolated / row.seconds).toFixed(0)}x faster than Send (extrapolated)`,
			);
		if (MILLION)
			rows.push(
				await measure(
					n8n,
					sandbox,
					'Send in Bulk, item per batch',
					'benchBulkPerBtch',
					'bench-bulk-per-batch',
					1000000,
					0,
				),
			);
	} finally {
		await stop();
	}
	console.table(rows);
	log(`done in ${((Date.now() - started) / 60000).toFixed(1)} minutes`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
