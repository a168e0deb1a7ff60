'use strict';
/**
 * Deduplication in n8n queue mode, measured (issue 11, section 2): a main process, one worker and
 * two webhook processes on a throwaway Postgres cluster and Redis, the packed package installed.
 * Prints the execution counts of each scenario; asserts nothing (the queue-mode suite does).
 *
 * Needs root (pg_createcluster), Debian's postgresql and redis-server. Ports (each n8n also takes
 * its port + 1000 for the task broker, the CLI the main port + 7): main DEDUP_QUEUE_PORT (6001;
 * not 6000, which fetch refuses as an X11 port), webhook processes +1 and +2, worker +3, worker
 * health DEDUP_QUEUE_AUX_PORT (6010), Postgres AUX + 5, Redis AUX + 6. Everything it starts is
 * stopped and removed at the end.
 *
 *   DEDUP_QUEUE_PORT=6001 DEDUP_QUEUE_AUX_PORT=6010 N8N_VERSION=2.41.1 node scripts/bench-dedup-queue.js
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { ensureHost } = require('../test/support/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage, sleep } = require('../test/support/n8n/n8nServer');
const { exampleWorkflows, sandboxCredentials } = require('../test/support/e2eFixtures');
const { createSandbox } = require('../test/support/sandbox');
const cmbSeed = require('../test/support/fixtures/truecaller-cmb.json');

const VERSION = process.env.N8N_VERSION || '2.41.1';
const PORT = Number(process.env.DEDUP_QUEUE_PORT || 6001);
const AUX_PORT = Number(process.env.DEDUP_QUEUE_AUX_PORT || 6010);
const HEALTH_PORT = AUX_PORT;
const PG_PORT = AUX_PORT + 5;
const REDIS_PORT = AUX_PORT + 6;
const CLUSTER = `dedupq${PORT}`;
const FOLDER = path.join(ROOT, '.n8n-local', `dedup-queue-${VERSION}`);
const EVENTS = Number(process.env.DEDUP_QUEUE_EVENTS || 200);

const sh = (cmd, args, options = {}) =>
	execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

function startPostgres() {
	sh('pg_createcluster', ['15', CLUSTER, '-p', String(PG_PORT), '--start']);
	sh('su', [
		'postgres',
		'-c',
		`psql -p ${PG_PORT} -c "CREATE USER n8n WITH PASSWORD 'n8n'" -c "CREATE DATABASE n8n OWNER n8n"`,
	]);
	sh('su', [
		'postgres',
		'-c',
		`psql -p ${PG_PORT} -d n8n -c "${CLAIM_TABLE}; ALTER TABLE truecaller_events_seen OWNER TO n8n"`,
	]);
}

function stopPostgres() {
	try {
		sh('pg_dropcluster', ['15', CLUSTER, '--stop']);
	} catch (error) {
		console.error(`[dedup-queue] dropping cluster ${CLUSTER}: ${error.message}`);
	}
}

const redisPidFile = path.join(FOLDER, 'redis.pid');
function startRedis() {
	sh('redis-server', [
		'--port',
		String(REDIS_PORT),
		'--bind',
		'127.0.0.1',
		'--daemonize',
		'yes',
		'--save',
		'',
		'--appendonly',
		'no',
		'--pidfile',
		redisPidFile,
	]);
}

function stopRedis() {
	try {
		process.kill(Number(fs.readFileSync(redisPidFile, 'utf8')), 'SIGTERM');
	} catch (error) {
		console.error(`[dedup-queue] stopping redis: ${error.message}`);
	}
}

const QUEUE_ENV = {
	DB_TYPE: 'postgresdb',
	DB_POSTGRESDB_HOST: '127.0.0.1',
	DB_POSTGRESDB_PORT: String(PG_PORT),
	DB_POSTGRESDB_DATABASE: 'n8n',
	DB_POSTGRESDB_USER: 'n8n',
	DB_POSTGRESDB_PASSWORD: 'n8n',
	EXECUTIONS_MODE: 'queue',
	QUEUE_BULL_REDIS_HOST: '127.0.0.1',
	QUEUE_BULL_REDIS_PORT: String(REDIS_PORT),
	WEBHOOK_URL: `http://localhost:${PORT}/`,
	N8N_START_TIMEOUT_S: '400',
};

function role(host, command, port, extraEnv = {}) {
	return new LocalN8n(host, {
		userFolder: FOLDER,
		port,
		command,
		logFile: path.join(FOLDER, `${command}-${port}.log`),
		env: {
			...QUEUE_ENV,
			N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${command}-${port}`,
			...extraEnv,
		},
		...(command === 'worker'
			? { healthUrl: `http://127.0.0.1:${HEALTH_PORT}/healthz/readiness` }
			: {}),
	});
}

const trigger = (id, webhookPath, nodes, connections) => ({
	id,
	name: id,
	nodes: [
		{
			id: `${id}-trigger`,
			name: 'Truecaller Trigger',
			type: 'n8n-nodes-truecaller.truecallerTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { path: webhookPath, authentication: 'none', options: {} },
			webhookId: webhookPath,
		},
		...nodes,
	],
	connections,
	settings: { executionOrder: 'v1' },
	active: false,
	pinData: {},
});
const received = {
	id: 'received',
	name: 'Received',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [520, 0],
	parameters: {},
};
const CLAIM_TABLE =
	'CREATE TABLE truecaller_events_seen (event_id text PRIMARY KEY, seen_at timestamptz NOT NULL DEFAULT now())';

/** examples/truecaller-call-me-back-queue-mode.json as it is, but open (no key) on its own path. */
function queueModeExample() {
	const example = exampleWorkflows({ singleProcess: false }).find(
		(w) => w.id === 'tcExampleCmbQueu',
	);
	for (const node of example.nodes) {
		if (node.type === 'n8n-nodes-truecaller.truecallerTrigger') {
			node.parameters = { ...node.parameters, path: 'dq-postgres-claim', authentication: 'none' };
			node.webhookId = 'dq-postgres-claim';
		}
		if (node.credentials?.postgres)
			node.credentials.postgres = { id: 'dqPostgresCred01', name: 'Postgres (claims)' };
	}
	return example;
}
const WORKFLOWS = [
	trigger('dedupQueueTrig01', 'dq-trigger', [received], {
		'Truecaller Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
	}),
	trigger(
		'dedupQueueRemD01',
		'dq-remove-duplicates',
		[
			{
				id: 'once',
				name: 'Once per event ID',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				position: [260, 0],
				parameters: {
					operation: 'removeItemsSeenInPreviousExecutions',
					logic: 'removeItemsWithAlreadySeenKeyValues',
					dedupeValue: '={{ $json.eventId }}',
					options: { scope: 'workflow', historySize: 100000 },
				},
			},
			received,
		],
		{
			'Truecaller Trigger': { main: [[{ node: 'Once per event ID', type: 'main', index: 0 }]] },
			'Once per event ID': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
		},
	),
	queueModeExample(),
];

async function post(port, webhookPath, body) {
	const response = await fetch(`http://localhost:${port}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** [port, body] pairs, 20 at a time. */
async function sendAll(requests, webhookPath) {
	let next = 0;
	const worker = async () => {
		while (next < requests.length) {
			const [port, body] = requests[next++];
			await post(port, webhookPath, body);
		}
	};
	await Promise.all(Array.from({ length: 20 }, worker));
}

async function counts(main, workflowId) {
	let last = -1;
	for (let quiet = 0; quiet < 3; ) {
		await sleep(1500);
		const executions = await main.executions(workflowId, false);
		const finished = executions.filter((e) =>
			['success', 'error', 'crashed', 'canceled'].includes(e.status),
		);
		if (finished.length === last && finished.length === executions.length) quiet++;
		else quiet = 0;
		last = finished.length;
	}
	const withData = await main.executions(workflowId, true);
	const passed = withData.filter((e) =>
		['Received', 'Callback task'].some(
			(node) => (e.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0] ?? []).length > 0,
		),
	).length;
	return { started: last, passed };
}

async function main() {
	const host = ensureHost(VERSION);
	const tarball = process.env.N8N_E2E_TARBALL || packPackage();
	fs.rmSync(FOLDER, { recursive: true, force: true });
	fs.mkdirSync(FOLDER, { recursive: true });
	const sandbox = createSandbox({ orgId: 'q', token: 'q' });
	await sandbox.listen();
	startPostgres();
	startRedis();
	const mainProcess = role(host, 'start', PORT);
	const worker = role(host, 'worker', PORT + 3, {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(HEALTH_PORT),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	});
	const webhooks = [role(host, 'webhook', PORT + 1), role(host, 'webhook', PORT + 2)];
	const all = [mainProcess, worker, ...webhooks];
	const results = [];
	const record = (scenario, figures, expected) => {
		results.push({ scenario, ...figures, expected });
		console.log(`[dedup-queue] ${scenario}: ${JSON.stringify(figures)} (expected ${expected})`);
	};
	try {
		mainProcess.installPackage(tarball);
		mainProcess.importCredentials([
			...sandboxCredentials(sandbox),
			{
				id: 'dqPostgresCred01',
				name: 'Postgres (claims)',
				type: 'postgres',
				data: {
					host: '127.0.0.1',
					port: PG_PORT,
					database: 'n8n',
					user: 'n8n',
					password: 'n8n',
					ssl: 'disable',
				},
			},
		]);
		mainProcess.importWorkflows(WORKFLOWS);
		mainProcess.publish(WORKFLOWS.map((w) => w.id));
		await mainProcess.start();
		await mainProcess.setupOwner();
		await worker.start();
		for (const webhook of webhooks) await webhook.start();
		const [p1, p2] = webhooks.map((w) => w.options.port);
		for (const port of [p1, p2])
			for (const w of ['dq-trigger', 'dq-remove-duplicates', 'dq-postgres-claim'])
				await new LocalN8n(host, { userFolder: FOLDER, port }).waitForWebhook(w);

		const events = (prefix) =>
			Array.from({ length: EVENTS }, (_, i) => ({ ...cmbSeed, event_id: `${prefix}-${i}` }));
		for (const [workflowId, webhookPath] of [
			['dedupQueueTrig01', 'dq-trigger'],
			['dedupQueueRemD01', 'dq-remove-duplicates'],
			['tcExampleCmbQueu', 'dq-postgres-claim'],
		]) {
			const batch = events(workflowId);
			// Three copies of each event in a row: process 1, process 2, process 1.
			await sendAll(
				batch.flatMap((e) => [
					[p1, e],
					[p2, e],
					[p1, e],
				]),
				webhookPath,
			);
			const first = await counts(mainProcess, workflowId);
			record(`${workflowId}: ${EVENTS} x 3 copies over both processes`, first, EVENTS);

			const later = events(`${workflowId}-later`).slice(0, 20);
			await sendAll(
				later.map((e) => [p1, e]),
				webhookPath,
			);
			await sleep(1000);
			await sendAll(
				later.map((e) => [p2, e]),
				webhookPath,
			);
			const second = await counts(mainProcess, workflowId);
			record(
				`${workflowId}: 20 events to process 1, 1 s later to process 2`,
				{ started: second.started - first.started, passed: second.passed - first.passed },
				20,
			);

			for (const webhook of webhooks) await webhook.stop();
			for (const webhook of webhooks) await webhook.start();
			for (const port of [p1, p2])
				await new LocalN8n(host, { userFolder: FOLDER, port }).waitForWebhook(webhookPath);
			await sendAll(
				[...batch, ...later].map((e, i) => [i % 2 ? p2 : p1, e]),
				webhookPath,
			);
			const third = await counts(mainProcess, workflowId);
			record(
				`${workflowId}: webhook processes restarted, every event resent`,
				{ started: third.started - second.started, passed: third.passed - second.passed },
				0,
			);
		}
	} finally {
		for (const n8n of all.reverse()) await n8n.stop().catch(() => {});
		stopRedis();
		stopPostgres();
		await sandbox.close();
	}
	console.log(JSON.stringify({ version: VERSION, results }, null, 2));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
