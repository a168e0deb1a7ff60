'use strict';
/**
 * npm start -- --queue: the package in n8n's queue mode for a person to try. Postgres and Redis
 * (a throwaway cluster in a temporary folder and a Redis on loopback ports, installed with apt-get
 * as root when missing; or the user's own, --postgres-url and --redis-url), n8n
 * main + 1 worker + 2 webhook processes sharing one user folder, the Truecaller sandbox and the
 * example workflows. Prints the login, both webhook processes' URLs and a curl line per example.
 * Ctrl-C stops everything it started, by PID; the database goes with it.
 */
const path = require('path');

const { curlLine, exampleWorkflows, sampleRequests, sandboxCredentials } = require('./examples');
const { QUEUE_PORTS, QueueTopology } = require('./n8n/queueTopology');
const { ensureHost } = require('./n8n/n8nHost');
const { OWNER, ROOT, packPackage } = require('./n8n/n8nServer');

const step = (n, text) => console.log(`\n[${n}/4] ${text}`);

async function startQueue(options) {
	const started = Date.now();
	step(1, 'Building and packing n8n-nodes-truecaller');
	const tarball = packPackage();

	step(2, `Making sure a local n8n ${options.version} exists`);
	const host = ensureHost(options.version);

	step(3, 'Starting the Truecaller sandbox');
	// Required only now: the sandbox checks requests with the build that step 1 made.
	const { createSandbox } = require('./sandbox/sandbox');
	const sandbox = createSandbox({ port: QUEUE_PORTS.sandbox });
	await sandbox.listen();
	console.log(
		`      ${sandbox.url}  (campaigns: ${sandbox.campaignUrl}, True Pulse: ${sandbox.truePulseUrl})`,
	);

	step(4, 'Postgres, Redis, then n8n main, 1 worker and 2 webhook processes (about a minute)');
	const topology = new QueueTopology(host, {
		dir: path.join(ROOT, '.n8n-local', `queue-start-${options.version}`),
		tarball,
		handleSignals: false,
		postgresUrl: options.postgresUrl,
		redisUrl: options.redisUrl,
		log: (m) => console.log(`      ${m}`),
	});
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n, Redis, Postgres and the sandbox...');
		await topology.stop().catch((error) => console.error(error.message));
		await sandbox.close();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	const samples = sampleRequests();
	const workflows = exampleWorkflows();
	try {
		await topology.start({
			credentials: sandboxCredentials(sandbox),
			workflows,
			// Only the imported examples' webhooks (the Postgres example is the queue suite's).
			webhookPaths: workflows.filter((w) => samples[w.id]).map((w) => samples[w.id].path),
		});
	} catch (error) {
		console.error(`\n${error.message ?? error}`);
		return stop(1);
	}

	console.log(
		`\nn8n ${options.version} in queue mode, ready in ${((Date.now() - started) / 1000).toFixed(0)} s`,
	);
	console.log(
		`  editor (main):      ${topology.mainUrl}   login ${OWNER.email} / ${OWNER.password}`,
	);
	console.log(`  webhook process 1:  ${topology.webhookUrls[0]}/webhook/...`);
	console.log(`  webhook process 2:  ${topology.webhookUrls[1]}/webhook/...`);
	console.log(`  worker health:      http://127.0.0.1:${QUEUE_PORTS.workerHealth}/healthz`);
	const db = topology.database();
	console.log(
		options.postgresUrl
			? `  Postgres:           ${db.host}:${db.port}/${db.name} (yours, left as it is)`
			: `  Postgres:           127.0.0.1:${QUEUE_PORTS.postgres} (removed on exit)`,
	);
	console.log(
		options.redisUrl
			? `  Redis:              ${topology.redisUrl.host} (yours, left as it is)`
			: `  Redis:              127.0.0.1:${QUEUE_PORTS.redis} (removed on exit)`,
	);
	console.log(`  sandbox:            ${sandbox.url}/`);
	console.log('\nWebhooks of the example workflows, on either webhook process:');
	for (const workflow of exampleWorkflows()) {
		const sample = samples[workflow.id];
		if (!sample) continue;
		console.log(`\n  ${workflow.name}`);
		for (const base of topology.webhookUrls)
			console.log(`  ${base}/webhook/${sample.path}${sample.query ?? ''}`);
		console.log(`  ${curlLine(topology.webhookUrls[0], sample)}`);
	}
	console.log('\nCtrl-C stops everything it started.');
}

module.exports = { startQueue };
